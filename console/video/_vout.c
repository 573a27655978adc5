/*
 * A libvlc video output that hands the decoder's own pictures to the
 * frame slots.
 *
 * libvlc 3's memory output ("vmem", the one behind libvlc's video
 * callbacks) always reports its pictures as wholly visible, so they never
 * match the decoder's, which are padded (640x384 for a 640x360 picture).
 * libvlc then puts swscale between the two, and every frame is copied once
 * more before the frame slots see it: 9 % of a 16-tile wall's CPU.
 *
 * This output takes the decoder's format as it is. libvlc then decodes
 * straight into its pictures and passes each one here, where libyuv scales
 * (or copies, at the stream's own size) the visible part into a free slot.
 * It stands in for vmem only where the frame slots would have been asked
 * for the unscaled picture anyway; for any other size, chroma or
 * orientation it works as vmem does (libvlc's swscale writes straight into
 * a slot), or declines, and vmem itself takes the stream.
 *
 * It is the same library as _frameslots.c, linked into one file, which
 * libvlc loads as a plugin through a link named lib..._plugin.so in a
 * directory on VLC_PLUGIN_PATH (console/video/player.py sets it). It
 * answers to the name "vmem" with a higher score than vmem, and only for
 * players whose lock callback is frame_slots_lock, this library's or a
 * copy's.
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include <vlc_common.h>
#include <vlc_picture_pool.h>
#include <vlc_plugin.h>
#include <vlc_vout_display.h>

#include "_frameslots.h"

/* libvlc's format and cleanup callbacks (libvlc_video_format_cb and
 * libvlc_video_cleanup_cb), stored by it as addresses. */
typedef unsigned (*format_cb)(void **opaque, char *chroma, unsigned *width,
                              unsigned *height, unsigned *pitches,
                              unsigned *lines);
typedef void (*cleanup_cb)(void *opaque);

struct vout_display_sys_t {
    picture_pool_t *pool;
    frame_slots *slots;
    cleanup_cb cleanup;
    int direct;       /* decoder's pictures scaled here, not by libvlc */
    unsigned count;   /* pictures libvlc may have locked at once (scaled) */
    unsigned pitches[PICTURE_PLANE_MAX];
    unsigned lines[PICTURE_PLANE_MAX];
};

struct picture_sys_t {
    vout_display_sys_t *sys;
};

static int Open(vlc_object_t *);
static void Close(vlc_object_t *);

vlc_module_begin()
    set_shortname("console frames")
    set_description("Decoded pictures into the console's frame slots")
    set_category(CAT_VIDEO)
    set_subcategory(SUBCAT_VIDEO_VOUT)
    set_capability("vout display", 1)
    add_shortcut("vmem")
    set_callbacks(Open, Close)
vlc_module_end()

/* A side rounded down to even, as the frame slots lay pictures out. */
static unsigned even(unsigned n)
{
    return n & ~1u;
}

/* The decoder's picture, its visible part scaled into a free slot. */
static void DisplayDecoded(vout_display_t *vd, picture_t *pic,
                           subpicture_t *subpic)
{
    const video_format_t *fmt = &pic->format;
    const uint8_t *planes[3];
    int pitches[3];

    (void)subpic;
    for (int plane = 0; plane < 3; plane++) {
        unsigned shift = plane ? 1 : 0;
        const plane_t *p = &pic->p[plane];

        planes[plane] = p->p_pixels
            + (size_t)(fmt->i_y_offset >> shift) * p->i_pitch
            + (fmt->i_x_offset >> shift);
        pitches[plane] = p->i_pitch;
    }
    frame_slots_put(vd->sys->slots, planes, pitches,
                    even(fmt->i_visible_width), even(fmt->i_visible_height));
    picture_Release(pic);
}

/* A picture libvlc's swscale wrote into a slot (what vmem does). */
static void DisplayScaled(vout_display_t *vd, picture_t *pic,
                          subpicture_t *subpic)
{
    (void)subpic;
    frame_slots_display(vd->sys->slots, NULL);
    picture_Release(pic);
}

static int LockSlot(picture_t *pic)
{
    void *planes[3];

    frame_slots_lock(pic->p_sys->sys->slots, planes);
    for (int plane = 0; plane < pic->i_planes && plane < 3; plane++)
        pic->p[plane].p_pixels = planes[plane];
    return VLC_SUCCESS;
}

static void UnlockSlot(picture_t *pic)
{
    (void)pic;
}

/* Pictures whose pixels are the frame slots, as vmem's are. */
static picture_pool_t *ScaledPool(vout_display_t *vd, unsigned count)
{
    vout_display_sys_t *sys = vd->sys;
    picture_t *pictures[count];
    picture_pool_configuration_t config;
    unsigned made = 0;

    for (; made < count; made++) {
        picture_resource_t resource = { .p_sys = malloc(sizeof(picture_sys_t)) };

        if (resource.p_sys == NULL)
            break;
        resource.p_sys->sys = sys;
        for (int plane = 0; plane < PICTURE_PLANE_MAX; plane++) {
            resource.p[plane].p_pixels = NULL;
            resource.p[plane].i_lines = sys->lines[plane];
            resource.p[plane].i_pitch = sys->pitches[plane];
        }
        pictures[made] = picture_NewFromResource(&vd->fmt, &resource);
        if (pictures[made] == NULL) {
            free(resource.p_sys);
            break;
        }
    }
    if (made == 0)
        return NULL;
    memset(&config, 0, sizeof(config));
    config.picture_count = made;
    config.picture = pictures;
    config.lock = LockSlot;
    config.unlock = UnlockSlot;
    return picture_pool_NewExtended(&config);
}

static picture_pool_t *Pool(vout_display_t *vd, unsigned count)
{
    vout_display_sys_t *sys = vd->sys;

    if (sys->pool != NULL)
        return sys->pool;
    if (sys->direct)
        /* The decoder decodes into these: as many as it asks for. */
        sys->pool = picture_pool_NewFromFormat(&vd->fmt, count);
    else
        sys->pool = ScaledPool(vd, count < sys->count ? count : sys->count);
    return sys->pool;
}

static int Control(vout_display_t *vd, int query, va_list args)
{
    (void)vd;
    (void)args;
    switch (query) {
    case VOUT_DISPLAY_CHANGE_DISPLAY_SIZE:
    case VOUT_DISPLAY_CHANGE_DISPLAY_FILLED:
    case VOUT_DISPLAY_CHANGE_ZOOM:
    case VOUT_DISPLAY_CHANGE_SOURCE_ASPECT:
        /* The frames' size is the tile's business, not the window's. */
        return VLC_SUCCESS;
    default:
        return VLC_EGENERIC;
    }
}

/*
 * Whether a player's lock callback is frame_slots_lock: this library's, or
 * that of a copy of it (an install that copied the plugin's link), which
 * lays frame slots out alike.
 */
static int is_frame_slots_lock(void *lock)
{
    Dl_info info;

    if (lock == (void *)frame_slots_lock)
        return 1;
    return lock != NULL && dladdr(lock, &info) && info.dli_sname != NULL
        && info.dli_saddr == lock
        && strcmp(info.dli_sname, "frame_slots_lock") == 0;
}

/* Whether this output takes the stream at all; libvlc's vmem does if not. */
static int Accepts(vout_display_t *vd)
{
    const video_format_t *fmt = &vd->fmt;

    /* Only the console's players, whose pictures go to frame slots. */
    if (!is_frame_slots_lock(var_InheritAddress(vd, "vmem-lock")))
        return 0;
    if (var_InheritAddress(vd, "vmem-setup") == NULL)
        return 0;
    /* Limited-range 8-bit 4:2:0 as it comes; anything else (full range,
     * 10 bits, hardware surfaces, a rotated picture) needs libvlc's
     * converters. */
    return fmt->i_chroma == VLC_CODEC_I420
        && fmt->orientation == ORIENT_NORMAL
        && fmt->i_visible_width >= 2 && fmt->i_visible_height >= 2;
}

/*
 * Ask the player's format callback for the frames' size, as vmem does;
 * set up the direct path if it asked for the decoder's picture unscaled,
 * else vmem's.
 */
static int Setup(vout_display_t *vd, vout_display_sys_t *sys)
{
    format_cb setup = (format_cb)var_InheritAddress(vd, "vmem-setup");
    void *opaque = var_InheritAddress(vd, "vmem-data");
    char chroma[5];
    /* The picture's visible size, where vmem gives the decoder's padded
     * one (640x384 for 640x360): a stream that changed resolution was
     * fitted to the padded picture's shape, 8 % too narrow. */
    unsigned width = vd->fmt.i_visible_width;
    unsigned height = vd->fmt.i_visible_height;

    memcpy(chroma, &vd->fmt.i_chroma, 4);
    chroma[4] = '\0';
    sys->count = setup(&opaque, chroma, &width, &height, sys->pitches,
                       sys->lines);
    if (sys->count == 0)
        return VLC_EGENERIC;
    sys->slots = opaque;
    sys->cleanup = (cleanup_cb)var_InheritAddress(vd, "vmem-cleanup");
    sys->direct = width == even(vd->fmt.i_visible_width)
        && height == even(vd->fmt.i_visible_height)
        && memcmp(chroma, "I420", 4) == 0;
    if (!sys->direct) {
        video_format_t *fmt = &vd->fmt;

        fmt->i_chroma = vlc_fourcc_GetCodecFromString(VIDEO_ES, chroma);
        fmt->i_width = fmt->i_visible_width = width;
        fmt->i_height = fmt->i_visible_height = height;
        fmt->i_x_offset = fmt->i_y_offset = 0;
        fmt->i_sar_num = fmt->i_sar_den = 1;
    }
    return VLC_SUCCESS;
}

static int Open(vlc_object_t *object)
{
    vout_display_t *vd = (vout_display_t *)object;
    vout_display_sys_t *sys;

    if (!Accepts(vd))
        return VLC_EGENERIC;
    sys = calloc(1, sizeof(*sys));
    if (sys == NULL)
        return VLC_ENOMEM;
    if (Setup(vd, sys) != VLC_SUCCESS) {
        free(sys);
        return VLC_EGENERIC;
    }
    msg_Dbg(vd, "frames %s", sys->direct ? "from the decoder's pictures"
                                         : "scaled by libvlc");
    frame_slots_set_output(sys->slots,
                           sys->direct ? OUTPUT_DECODER : OUTPUT_SCALED);
    vd->sys = sys;
    vd->pool = Pool;
    vd->prepare = NULL;
    vd->display = sys->direct ? DisplayDecoded : DisplayScaled;
    vd->control = Control;
    return VLC_SUCCESS;
}

static void Close(vlc_object_t *object)
{
    vout_display_t *vd = (vout_display_t *)object;
    vout_display_sys_t *sys = vd->sys;

    if (sys->cleanup != NULL)
        sys->cleanup(sys->slots);
    if (sys->pool != NULL)
        picture_pool_Release(sys->pool);
    free(sys);
}

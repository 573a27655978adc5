/*
 * Frame slots: the triple buffer libvlc's video threads write frames into.
 *
 * libvlc calls lock and display once per frame on its own threads. Written
 * in Python, each call took the interpreter lock and, on a thread Python had
 * not seen before, built and tore down a thread state (a 16 KiB mmap and
 * munmap, with a TLB shootdown on every core). With sixteen tiles that was
 * 1,200 round trips a second. Here the per-frame path never enters Python;
 * the GUI thread reads the newest frame through frame_slots_take().
 *
 * Three slots make this safe without copying: one being written, one
 * finished and waiting, one being painted. The writer never picks the slot
 * the painter holds, so neither side waits longer than an index swap.
 *
 * The slots hold I420 pictures, decoded and scaled in YUV by libvlc. The
 * painter converts them to BGRA with libyuv straight into the window's
 * pixels (frame_slots_convert): asking libvlc for RGB made its swscale
 * scale and convert in one pass that cost as much as decoding, and a BGRA
 * copy of each frame cost as much again to copy into the window.
 *
 * Where the tile's size is the stream's at a ratio libyuv scales with rows
 * of its own (3/4, 1/2, 1/4), libyuv scales the unscaled picture into a
 * slot (frame_slots_put): 14 microseconds for 640x360 into 480x270,
 * against 92 in swscale. The console's video output (_vout.c) puts the
 * decoder's own pictures; libvlc's vmem writes into a staging picture
 * that display puts (frame_slots_stage).
 *
 * Loaded with ctypes, and by libvlc as the plugin _vout.c describes; it
 * includes no Python header and needs a C compiler, libc, libyuv and
 * libvlccore.
 */

#include <libyuv/convert_argb.h>
#include <libyuv/scale.h>
#include <stddef.h>
#include <time.h>

#include "_frameslots.h"

static double monotonic_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

size_t frame_slots_size(void)
{
    return sizeof(frame_slots);
}

/*
 * pictures: SLOTS I420 pictures one after another, each its Y, U and V
 * planes one after another: height, height / 2 and height / 2 rows of
 * y_pitch, chroma_pitch and chroma_pitch bytes.
 */
void frame_slots_init(frame_slots *slots, uint8_t *pictures, int width,
                      int height, int y_pitch, int chroma_pitch)
{
    size_t chroma_size = (size_t)chroma_pitch * (height / 2);
    size_t picture_size = (size_t)y_pitch * height + 2 * chroma_size;

    pthread_mutex_init(&slots->mutex, NULL);
    for (int slot = 0; slot < SLOTS; slot++) {
        uint8_t *picture = pictures + slot * picture_size;
        slots->planes[slot][0] = picture;
        slots->planes[slot][1] = picture + (size_t)y_pitch * height;
        slots->planes[slot][2] = slots->planes[slot][1] + chroma_size;
    }
    slots->pitch[0] = y_pitch;
    slots->pitch[1] = chroma_pitch;
    slots->pitch[2] = chroma_pitch;
    slots->width = width;
    slots->height = height;
    for (int plane = 0; plane < PLANES; plane++)
        slots->staging[plane] = NULL;
    slots->writing = 0;
    slots->ready = NONE;
    slots->reading = SLOTS - 1;
    slots->held = 0;
    slots->serial = 0;
    slots->held_serial = 0;
    slots->ready_at = 0.0;
    slots->held_at = 0.0;
    slots->first_at = 0.0;
    slots->output = OUTPUT_VMEM;
}

void frame_slots_destroy(frame_slots *slots)
{
    pthread_mutex_destroy(&slots->mutex);
}

/*
 * Have libvlc write its pictures, of width x height, into the one I420
 * picture at staging (laid out as a slot's) and scale each into a slot.
 */
void frame_slots_stage(frame_slots *slots, uint8_t *staging, int width,
                       int height, int y_pitch, int chroma_pitch)
{
    slots->staging[0] = staging;
    slots->staging[1] = staging + (size_t)y_pitch * height;
    slots->staging[2] = slots->staging[1] + (size_t)chroma_pitch * (height / 2);
    slots->staging_pitch[0] = y_pitch;
    slots->staging_pitch[1] = chroma_pitch;
    slots->staging_pitch[2] = chroma_pitch;
    slots->staging_width = width;
    slots->staging_height = height;
}

/* A slot neither waiting for the painter nor held by it; under the mutex. */
static int free_slot(const frame_slots *slots)
{
    int slot = 0;

    while (slot == slots->ready || slot == slots->reading)
        slot++;
    return slot;
}

/* libvlc's lock callback: the planes the next picture is written to. */
void *frame_slots_lock(void *opaque, void **planes)
{
    frame_slots *slots = opaque;
    uint8_t *const *target = slots->staging;

    if (target[0] == NULL) {
        pthread_mutex_lock(&slots->mutex);
        slots->writing = free_slot(slots);
        target = slots->planes[slots->writing];
        pthread_mutex_unlock(&slots->mutex);
    }
    for (int plane = 0; plane < PLANES; plane++)
        planes[plane] = target[plane];
    return NULL;
}

/* The picture just written (into the writer's slot) is the newest. */
static void publish(frame_slots *slots)
{
    double now = monotonic_seconds();

    pthread_mutex_lock(&slots->mutex);
    slots->ready = slots->writing;
    slots->serial++;
    slots->ready_at = now;
    if (slots->first_at == 0.0)
        slots->first_at = now;
    pthread_mutex_unlock(&slots->mutex);
}

/*
 * Cold pictures. A tile's picture and its place in the window were last
 * touched a frame (40 ms) before, with fifteen other tiles' work since, so
 * every row libyuv reads or writes misses the caches, and the processor's
 * own prefetcher starts afresh at each row: converting 480x270 took 100 us
 * in the wall against 41 us with everything cached. Both the conversion
 * and the scaling therefore go in strips of rows, prefetching the next
 * strip's rows, source and destination, while libyuv works on this one.
 * On the 16-tile wall that took the conversion from about 105 us to 85,
 * and the scaling of 640x360 into 480x270 from 60 us to 48.
 */
#define STRIP_ROWS 8
#define CACHE_LINE 64

/* The rows of one plane: where they start, how far apart, how long. */
typedef struct {
    const uint8_t *first;
    ptrdiff_t pitch;
    int bytes;
    int rows;
} plane_rows;

/* Prefetch count rows from row from, those the plane has. */
static void prefetch(plane_rows plane, int from, int count, int for_writing)
{
    const uint8_t *row = plane.first + (ptrdiff_t)from * plane.pitch;

    if (from + count > plane.rows)
        count = plane.rows - from;
    for (; count > 0; count--, row += plane.pitch)
        for (int i = 0; i < plane.bytes; i += CACHE_LINE) {
            if (for_writing)
                __builtin_prefetch(row + i, 1, 3);
            else
                __builtin_prefetch(row + i, 0, 3);
        }
}

/*
 * The rows libyuv's box filter takes and gives as one group at this ratio,
 * for the ratios it has rows of its own for: each group of output rows
 * comes from its group of input rows alone, so strips of whole groups
 * scale exactly as the whole plane does. The ratio being exact, the plane
 * has whole groups. 0 for any other ratio.
 */
static int row_group(int src_width, int src_height, int width, int height,
                     int *src_rows, int *rows)
{
    static const int groups[][2] = {{4, 3}, {2, 1}, {4, 1}, {1, 1}};

    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        int in = groups[i][0], out = groups[i][1];

        if (in * width == out * src_width && in * height == out * src_height) {
            *src_rows = in;
            *rows = out;
            return 1;
        }
    }
    return 0;
}

static void scale_plane(const uint8_t *src, int src_pitch, int src_width,
                        int src_height, uint8_t *dst, int dst_pitch, int width,
                        int height)
{
    plane_rows in = {src, src_pitch, src_width, src_height};
    plane_rows out = {dst, dst_pitch, width, height};
    int group_in, group_out, strip_in, strip_out;

    if (!row_group(src_width, src_height, width, height, &group_in,
                   &group_out)) {
        ScalePlane(src, src_pitch, src_width, src_height, dst, dst_pitch,
                   width, height, kFilterBox);
        return;
    }
    strip_in = (STRIP_ROWS + group_in - 1) / group_in * group_in;
    strip_out = strip_in / group_in * group_out;
    for (int from = 0, to = 0; from < src_height;
         from += strip_in, to += strip_out) {
        int rows = src_height - from < strip_in ? src_height - from : strip_in;

        prefetch(in, from + strip_in, strip_in, 0);
        prefetch(out, to + strip_out, strip_out, 1);
        ScalePlane(src + (ptrdiff_t)from * src_pitch, src_pitch, src_width,
                   rows, dst + (ptrdiff_t)to * dst_pitch, dst_pitch, width,
                   rows / group_in * group_out, kFilterBox);
    }
}

/*
 * Scale an I420 picture of width x height into a free slot and publish it:
 * libyuv's box filter, with rows of its own for 3/4, 1/2 and 1/4, and a
 * plain copy at the slots' own size.
 */
void frame_slots_put(frame_slots *slots, const uint8_t *const *planes,
                     const int *pitches, int width, int height)
{
    uint8_t *const *target;

    pthread_mutex_lock(&slots->mutex);
    slots->writing = free_slot(slots);
    target = slots->planes[slots->writing];
    pthread_mutex_unlock(&slots->mutex);
    for (int i = 0; i < 3; i++) {
        int chroma = i > 0; /* chroma planes: half the size, rounded up */

        scale_plane(planes[i], pitches[i], (width + chroma) >> chroma,
                    (height + chroma) >> chroma, target[i], slots->pitch[i],
                    (slots->width + chroma) >> chroma,
                    (slots->height + chroma) >> chroma);
    }
    publish(slots);
}

/* libvlc's display callback: the picture just written is the newest. */
void frame_slots_display(void *opaque, void *picture)
{
    frame_slots *slots = opaque;
    (void)picture;

    if (slots->staging[0] != NULL)
        frame_slots_put(slots, (const uint8_t *const *)slots->staging,
                        slots->staging_pitch, slots->staging_width,
                        slots->staging_height);
    else
        publish(slots);
}

/*
 * The painter's side: hold the newest finished frame and return its slot,
 * or NONE before the first frame. The slot stays unchanged until the next
 * take.
 */
int frame_slots_take(frame_slots *slots, uint64_t *serial, double *arrived)
{
    int slot;

    pthread_mutex_lock(&slots->mutex);
    if (slots->ready != NONE) {
        slots->reading = slots->ready;
        slots->ready = NONE;
        slots->held = 1;
        slots->held_serial = slots->serial;
        slots->held_at = slots->ready_at;
    }
    slot = slots->held ? slots->reading : NONE;
    *serial = slots->held_serial;
    *arrived = slots->held_at;
    pthread_mutex_unlock(&slots->mutex);
    return slot;
}

/* Convert a part that starts on an even row and column, in strips. */
static void convert_block(const frame_slots *slots, int slot, int x, int y,
                          int width, int height, uint8_t *bgra, int stride)
{
    uint8_t *const *planes = slots->planes[slot];
    const int *pitch = slots->pitch;
    const uint8_t *luma = planes[0] + (size_t)y * pitch[0] + x;
    const uint8_t *u = planes[1] + (size_t)(y / 2) * pitch[1] + x / 2;
    const uint8_t *v = planes[2] + (size_t)(y / 2) * pitch[2] + x / 2;
    int chroma_width = (width + 1) / 2, chroma_rows = (height + 1) / 2;
    plane_rows in[3] = {{luma, pitch[0], width, height},
                        {u, pitch[1], chroma_width, chroma_rows},
                        {v, pitch[2], chroma_width, chroma_rows}};
    plane_rows out = {bgra, stride, width * 4, height};

    prefetch(out, 0, STRIP_ROWS, 1);
    for (int row = 0; row < height; row += STRIP_ROWS) {
        int rows = height - row < STRIP_ROWS ? height - row : STRIP_ROWS;
        int next = row + STRIP_ROWS;

        prefetch(out, next, STRIP_ROWS, 1);
        prefetch(in[0], next, STRIP_ROWS, 0);
        prefetch(in[1], next / 2, STRIP_ROWS / 2, 0);
        prefetch(in[2], next / 2, STRIP_ROWS / 2, 0);
        I420ToARGB(luma + (ptrdiff_t)row * pitch[0], pitch[0],
                   u + (ptrdiff_t)(row / 2) * pitch[1], pitch[1],
                   v + (ptrdiff_t)(row / 2) * pitch[2], pitch[2],
                   bgra + (ptrdiff_t)row * stride, stride, width, rows);
    }
}

/*
 * Convert rows of a picture that start on an even row, or a single row.
 * libyuv pairs columns from the first one it is given, so an odd first
 * column, which shares its chroma with the one before, goes on its own.
 */
static void convert_rows(const frame_slots *slots, int slot, int x, int y,
                         int width, int height, uint8_t *bgra, int stride)
{
    if (x & 1) {
        convert_block(slots, slot, x, y, 1, height, bgra, stride);
        bgra += 4;
        x++;
        width--;
    }
    if (width > 0)
        convert_block(slots, slot, x, y, width, height, bgra, stride);
}

/*
 * Convert the part (x, y, width, height) of a held slot's picture to BGRA;
 * bgra is where its top left pixel goes, stride the bytes between rows
 * there. The part is clipped to the picture. Rows pair up like columns, so
 * an odd first row is converted on its own.
 */
void frame_slots_convert(const frame_slots *slots, int slot, int x, int y,
                         int width, int height, uint8_t *bgra, int stride)
{
    if (slot < 0 || slot >= SLOTS)
        return;
    if (x < 0) { bgra -= (ptrdiff_t)x * 4; width += x; x = 0; }
    if (y < 0) { bgra -= (ptrdiff_t)y * stride; height += y; y = 0; }
    if (x + width > slots->width) width = slots->width - x;
    if (y + height > slots->height) height = slots->height - y;
    if (width <= 0 || height <= 0)
        return;
    if (y & 1) {
        convert_rows(slots, slot, x, y, width, 1, bgra, stride);
        bgra += stride;
        y++;
        height--;
    }
    if (height > 0)
        convert_rows(slots, slot, x, y, width, height, bgra, stride);
}

/*
 * Where the count of finished frames is in the slots, for the GUI thread's
 * frame clock to read without a call: 16 tiles, 62 times a second. Only
 * display writes it, under the mutex; an aligned 64-bit load on x86-64 and
 * arm64 never sees half of a write, and a read a frame late only delays
 * that frame's paint to the next tick.
 */
size_t frame_slots_serial_offset(void)
{
    return offsetof(frame_slots, serial);
}

/* When the first frame was finished (CLOCK_MONOTONIC seconds), or 0. */
double frame_slots_first_at(frame_slots *slots)
{
    double first_at;

    pthread_mutex_lock(&slots->mutex);
    first_at = slots->first_at;
    pthread_mutex_unlock(&slots->mutex);
    return first_at;
}

/*
 * Which output writes the frames (OUTPUT_...): set once, when it opens and
 * before its first frame. Read once a frame was taken, it is ordered by the
 * mutex display and take both hold; earlier, an aligned int reads whole.
 */
void frame_slots_set_output(frame_slots *slots, int output)
{
    slots->output = output;
}

int frame_slots_output(const frame_slots *slots)
{
    return slots->output;
}

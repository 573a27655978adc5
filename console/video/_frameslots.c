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
 * libvlc decodes and scales in YUV (I420) into one scratch picture; the
 * display callback converts it to BGRA (QImage's RGB32) in a free slot with
 * libyuv. Asking libvlc for RGB instead made its swscale scale and convert
 * in one unvectorised pass, which cost as much CPU as decoding; libyuv's
 * converter takes about 12 microseconds for a 320x180 frame. One scratch
 * picture is enough because the format callback asks libvlc for a pool of
 * one picture, so lock and display strictly alternate.
 *
 * Loaded with ctypes; it includes no Python header and needs a C compiler,
 * libc and libyuv.
 */

#include <libyuv/convert_argb.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define SLOTS 3
#define NONE (-1)

typedef struct {
    pthread_mutex_t mutex;
    uint8_t *frames[SLOTS];  /* BGRA frames, rgb_pitch bytes a row */
    uint8_t *yuv[3];         /* the I420 scratch picture libvlc writes */
    int yuv_pitch[3];
    int width, height, rgb_pitch;
    int ready;      /* the finished frame waiting for the painter, or NONE */
    int reading;    /* the slot the painter holds */
    int held;       /* the painter has taken at least one frame */
    uint64_t serial;  /* also the serial of the ready frame: it is the newest */
    uint64_t held_serial;
    double ready_at;
    double held_at;
    double first_at;
} frame_slots;

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
 * rgb: SLOTS frames of height rows of rgb_pitch bytes, one after another.
 * yuv: the I420 picture, its planes one after another with the given
 * pitches and height, height / 2 and height / 2 rows.
 */
void frame_slots_init(frame_slots *slots, uint8_t *rgb, uint8_t *yuv,
                      int width, int height, int rgb_pitch, int y_pitch,
                      int chroma_pitch)
{
    pthread_mutex_init(&slots->mutex, NULL);
    for (int slot = 0; slot < SLOTS; slot++)
        slots->frames[slot] = rgb + (size_t)slot * rgb_pitch * height;
    slots->yuv[0] = yuv;
    slots->yuv[1] = yuv + (size_t)y_pitch * height;
    slots->yuv[2] = slots->yuv[1] + (size_t)chroma_pitch * (height / 2);
    slots->yuv_pitch[0] = y_pitch;
    slots->yuv_pitch[1] = chroma_pitch;
    slots->yuv_pitch[2] = chroma_pitch;
    slots->width = width;
    slots->height = height;
    slots->rgb_pitch = rgb_pitch;
    slots->ready = NONE;
    slots->reading = SLOTS - 1;
    slots->held = 0;
    slots->serial = 0;
    slots->held_serial = 0;
    slots->ready_at = 0.0;
    slots->held_at = 0.0;
    slots->first_at = 0.0;
}

void frame_slots_destroy(frame_slots *slots)
{
    pthread_mutex_destroy(&slots->mutex);
}

/* libvlc's lock callback: the planes the next picture is written to. */
void *frame_slots_lock(void *opaque, void **planes)
{
    frame_slots *slots = opaque;

    for (int plane = 0; plane < 3; plane++)
        planes[plane] = slots->yuv[plane];
    return NULL;
}

/*
 * libvlc's display callback: convert the picture just written into a slot
 * neither waiting nor painted, and make it the newest frame. Only this
 * thread picks the slot written, so it can be filled outside the mutex: the
 * painter only ever takes the ready slot.
 */
void frame_slots_display(void *opaque, void *picture)
{
    frame_slots *slots = opaque;
    int free_slot = 0;
    double now;
    (void)picture;

    pthread_mutex_lock(&slots->mutex);
    while (free_slot == slots->ready || free_slot == slots->reading)
        free_slot++;
    pthread_mutex_unlock(&slots->mutex);

    I420ToARGB(slots->yuv[0], slots->yuv_pitch[0], slots->yuv[1],
               slots->yuv_pitch[1], slots->yuv[2], slots->yuv_pitch[2],
               slots->frames[free_slot], slots->rgb_pitch, slots->width,
               slots->height);
    now = monotonic_seconds();

    pthread_mutex_lock(&slots->mutex);
    slots->ready = free_slot;
    slots->serial++;
    slots->ready_at = now;
    if (slots->first_at == 0.0)
        slots->first_at = now;
    pthread_mutex_unlock(&slots->mutex);
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

/* How many frames have been finished so far. */
uint64_t frame_slots_serial(frame_slots *slots)
{
    uint64_t serial;

    pthread_mutex_lock(&slots->mutex);
    serial = slots->serial;
    pthread_mutex_unlock(&slots->mutex);
    return serial;
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

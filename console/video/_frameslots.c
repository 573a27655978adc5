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
 * Loaded with ctypes; it includes no Python header and needs only a C
 * compiler and libc.
 */

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define SLOTS 3
#define NONE (-1)

typedef struct {
    pthread_mutex_t mutex;
    void *planes[SLOTS];
    int writing;
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

void frame_slots_init(frame_slots *slots, void *a, void *b, void *c)
{
    pthread_mutex_init(&slots->mutex, NULL);
    slots->planes[0] = a;
    slots->planes[1] = b;
    slots->planes[2] = c;
    slots->writing = 0;
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

/* libvlc's lock callback: the address the next frame is written to. */
void *frame_slots_lock(void *opaque, void **planes)
{
    frame_slots *slots = opaque;
    int free_slot = 0;

    pthread_mutex_lock(&slots->mutex);
    while (free_slot == slots->ready || free_slot == slots->reading)
        free_slot++;
    slots->writing = free_slot;
    pthread_mutex_unlock(&slots->mutex);

    planes[0] = slots->planes[free_slot];
    return NULL;
}

/* libvlc's display callback: the frame just written is the newest. */
void frame_slots_display(void *opaque, void *picture)
{
    frame_slots *slots = opaque;
    double now = monotonic_seconds();
    (void)picture;

    pthread_mutex_lock(&slots->mutex);
    slots->ready = slots->writing;
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

/*
 * Frame slots (_frameslots.c), as the video output in _vout.c uses them.
 */

#ifndef CONSOLE_FRAMESLOTS_H
#define CONSOLE_FRAMESLOTS_H

#include <pthread.h>
#include <stdint.h>

#define SLOTS 3
#define PLANES 3
#define NONE (-1)

/* Which libvlc video output writes the frames. */
enum {
    OUTPUT_VMEM,     /* libvlc's vmem, through the lock and display callbacks */
    OUTPUT_SCALED,   /* the console's, libvlc's swscale writing into slots */
    OUTPUT_DECODER,  /* the console's, from the decoder's own pictures */
};

typedef struct {
    pthread_mutex_t mutex;
    uint8_t *planes[SLOTS][PLANES];  /* Y, U, V of each slot's picture */
    int pitch[PLANES];
    int width, height;
    uint8_t *staging[PLANES];  /* libvlc's unscaled picture, or NULLs */
    int staging_pitch[PLANES];
    int staging_width, staging_height;
    int writing;
    int ready;      /* the finished frame waiting for the painter, or NONE */
    int reading;    /* the slot the painter holds */
    int held;       /* the painter has taken at least one frame */
    uint64_t serial;  /* also the serial of the ready frame: it is the newest */
    uint64_t held_serial;
    double ready_at;
    double held_at;
    double first_at;
    int output;
} frame_slots;

void *frame_slots_lock(void *opaque, void **planes);
void frame_slots_display(void *opaque, void *picture);
void frame_slots_set_output(frame_slots *slots, int output);
void frame_slots_put(frame_slots *slots, const uint8_t *const *planes,
                     const int *pitches, int width, int height);

#endif

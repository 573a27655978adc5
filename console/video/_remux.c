/*
 * remux: the console's ingest. Reads one camera stream with libavformat
 * and copies its video, never decoding, into MPEG-TS on standard output,
 * for libvlc to read from a pipe.
 *
 * It does what `ffmpeg -i URL -map 0:v:0 -c copy -f mpegts pipe:1` did,
 * linked against libavformat alone: the ffmpeg program also loads
 * libavfilter and libavdevice, whose dependencies (speech synthesis, SVG,
 * GPU filters) cost every tile 4 MB of relocated pages. And it takes the
 * URL, password included, from the environment (CONSOLE_INGEST_URL), where
 * other users cannot read it, instead of a command line that `ps` shows.
 *
 *   CONSOLE_INGEST_URL=rtsp://... remux [--transport tcp|udp]
 *                                       [--timeout-us N] [--file] [--loop]
 *                                       [--control]
 *
 * Before the first packet it prints one line to standard error:
 *   remux: video codec=h264 width=640 height=360 fps=25.00
 *
 * With --control it reads one-letter commands on standard input, for a
 * tile that nobody can see:
 *   h  hold: go on reading the camera, write nothing; once a second say
 *      "remux: held read=BYTES" (the video bytes read so far), so the
 *      console knows the camera still sends;
 *   p  play: write the packets since the last key frame first, their
 *      timestamps squeezed into the moment before the live packet, and
 *      the live packet one frame after the last written before the hold
 *      (the output's timeline has no gap: see close_gap), then
 *      go on live, and say "remux: replayed N packets". The decoder gets a
 *      whole picture at once, instead of waiting up to a key-frame
 *      interval (often 2 to 10 s) for the next. When the interval was too
 *      long to keep, it writes nothing until the next key frame.
 * Exit status: 0 when a finite source ended, 1 on an error (its reason is
 * on standard error, in libavformat's words, or "the source closed the
 * connection" when a live RTSP stream ended: its server went away), 3 when
 * stopped by SIGTERM.
 */

#include <errno.h>
#include <fcntl.h>
#include <libavformat/avformat.h>
#include <libavutil/time.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    const char *transport;
    const char *timeout_us;
    int file;    /* a file plays at its own pace, like a live feed */
    int loop;    /* and, with --loop, over and over */
    int control; /* commands on standard input: hold and play */
    int rtsp;    /* the source is a camera's RTSP stream */
} options;

static int parse_options(int argc, char **argv, options *opts)
{
    opts->transport = "tcp";
    opts->timeout_us = "5000000";
    opts->file = 0;
    opts->loop = 0;
    opts->control = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--transport") && i + 1 < argc)
            opts->transport = argv[++i];
        else if (!strcmp(argv[i], "--timeout-us") && i + 1 < argc)
            opts->timeout_us = argv[++i];
        else if (!strcmp(argv[i], "--file"))
            opts->file = 1;
        else if (!strcmp(argv[i], "--loop"))
            opts->loop = 1;
        else if (!strcmp(argv[i], "--control"))
            opts->control = 1;
        else {
            fprintf(stderr, "remux: unknown argument %s\n", argv[i]);
            return -1;
        }
    }
    return 0;
}

/* SIGTERM ends the copy through libavformat's interrupt callback, so that
 * the input is closed properly (RTSP: TEARDOWN) instead of dropped. */
static volatile sig_atomic_t stopping = 0;

static void on_stop(int signum)
{
    (void)signum;
    stopping = 1;
}

static int interrupted(void *opaque)
{
    (void)opaque;
    return stopping == 1;
}

static void fail(const char *what, int error)
{
    fprintf(stderr, "remux: %s: %s\n", what, av_err2str(error));
}

static AVFormatContext *open_input(const char *url, const options *opts)
{
    AVFormatContext *input = avformat_alloc_context();
    AVDictionary *settings = NULL;
    int error;

    if (input == NULL)
        return NULL;
    input->interrupt_callback.callback = interrupted;
    if (opts->rtsp) {
        av_dict_set(&settings, "rtsp_transport", opts->transport, 0);
        av_dict_set(&settings, "timeout", opts->timeout_us, 0);
    } else if (!opts->file) {
        av_dict_set(&settings, "rw_timeout", opts->timeout_us, 0);
    }
    /* Start from the first packets instead of probing for seconds. */
    av_dict_set(&settings, "probesize", "65536", 0);
    av_dict_set(&settings, "analyzeduration", "500000", 0);
    av_dict_set(&settings, "fflags", "+genpts+discardcorrupt", 0);

    error = avformat_open_input(&input, url, NULL, &settings);
    av_dict_free(&settings);
    if (error < 0) {
        fail("cannot open the source", error);
        return NULL;
    }
    error = avformat_find_stream_info(input, NULL);
    if (error < 0) {
        fail("cannot read the stream's format", error);
        avformat_close_input(&input);
        return NULL;
    }
    return input;
}

/* The stream's frame rate as the source declares it; 0/0 if unknown. */
static AVRational frame_rate(const AVStream *video)
{
    return video->avg_frame_rate.num ? video->avg_frame_rate
                                     : video->r_frame_rate;
}

static void announce(const AVStream *video)
{
    const AVCodecParameters *codec = video->codecpar;
    AVRational rate = frame_rate(video);
    double fps = rate.den ? av_q2d(rate) : 0.0;

    fprintf(stderr, "remux: video codec=%s width=%d height=%d fps=%.2f\n",
            avcodec_get_name(codec->codec_id), codec->width, codec->height,
            fps);
}

static AVFormatContext *open_output(const AVStream *video)
{
    AVFormatContext *output = NULL;
    AVDictionary *settings = NULL;
    AVStream *copy;
    int error;

    error = avformat_alloc_output_context2(&output, NULL, "mpegts", "pipe:1");
    if (error < 0) {
        fail("cannot make MPEG-TS", error);
        return NULL;
    }
    copy = avformat_new_stream(output, NULL);
    if (copy == NULL ||
        avcodec_parameters_copy(copy->codecpar, video->codecpar) < 0) {
        fprintf(stderr, "remux: cannot copy the video stream\n");
        avformat_free_context(output);
        return NULL;
    }
    copy->codecpar->codec_tag = 0;
    copy->time_base = video->time_base;

    error = avio_open(&output->pb, "pipe:1", AVIO_FLAG_WRITE);
    if (error < 0) {
        fail("cannot write to the pipe", error);
        avformat_free_context(output);
        return NULL;
    }
    /* Every packet reaches libvlc at once; PAT and PMT repeat, so a reader
     * that starts late finds the stream. */
    output->flags |= AVFMT_FLAG_FLUSH_PACKETS;
    av_dict_set(&settings, "mpegts_flags", "+resend_headers", 0);
    error = avformat_write_header(output, &settings);
    av_dict_free(&settings);
    if (error < 0) {
        fail("cannot start MPEG-TS", error);
        avio_closep(&output->pb);
        avformat_free_context(output);
        return NULL;
    }
    return output;
}

typedef struct {
    int64_t offset;      /* added to every timestamp: the loops played */
    int64_t first_dts;   /* for pacing a file, in the input's time base */
    int64_t last_dts;
    int64_t last_duration;
    int64_t started_us;
} timeline;

/*
 * Shift a packet onto one rising timeline. MPEG-TS needs a DTS on every
 * packet, rising; some cameras send packets without one, or repeat one.
 */
static void place(AVPacket *packet, timeline *line)
{
    if (packet->pts != AV_NOPTS_VALUE)
        packet->pts += line->offset;
    if (packet->dts != AV_NOPTS_VALUE)
        packet->dts += line->offset;
    if (packet->dts == AV_NOPTS_VALUE) {
        if (packet->pts != AV_NOPTS_VALUE)
            packet->dts = packet->pts;
        else if (line->last_dts != AV_NOPTS_VALUE)
            packet->dts = line->last_dts + line->last_duration;
        else
            packet->dts = 0;
    }
    if (line->last_dts != AV_NOPTS_VALUE && packet->dts <= line->last_dts)
        packet->dts = line->last_dts + 1;
    if (packet->pts == AV_NOPTS_VALUE || packet->pts < packet->dts)
        packet->pts = packet->dts;
    line->last_dts = packet->dts;
    if (packet->duration > 0)
        line->last_duration = packet->duration;
}

/* A file is played at its own pace: wait until the packet's time. */
static void pace(const AVPacket *packet, AVRational time_base, timeline *line)
{
    int64_t due_us, now_us;

    if (packet->dts == AV_NOPTS_VALUE)
        return;
    if (line->first_dts == AV_NOPTS_VALUE) {
        line->first_dts = packet->dts;
        line->started_us = av_gettime_relative();
    }
    due_us = av_rescale_q(packet->dts - line->first_dts, time_base,
                          AV_TIME_BASE_Q);
    now_us = av_gettime_relative() - line->started_us;
    if (due_us > now_us)
        av_usleep((unsigned)(due_us - now_us));
}

static int rewind_file(AVFormatContext *input, timeline *line)
{
    int error = av_seek_frame(input, -1, 0, AVSEEK_FLAG_BACKWARD);

    if (error < 0) {
        fail("cannot loop the file", error);
        return error;
    }
    /* The next loop continues where this one ended. */
    line->offset = line->last_dts + line->last_duration;
    return 0;
}

/*
 * The packets since the last key frame, kept for a decoder that starts
 * again after a hold. They share the input's buffers (reference counted):
 * a sub-stream's interval costs a few hundred kB, a main stream's a few MB.
 */
#define GOP_MAX_PACKETS 1500
#define GOP_MAX_BYTES (16 << 20)

typedef struct {
    AVPacket *packets[GOP_MAX_PACKETS];
    int count;
    int64_t bytes;
    int whole; /* starts at a key frame and nothing is missing */
} gop_cache;

static void gop_clear(gop_cache *gop)
{
    for (int i = 0; i < gop->count; i++)
        av_packet_free(&gop->packets[i]);
    gop->count = 0;
    gop->bytes = 0;
}

static void gop_keep(gop_cache *gop, const AVPacket *packet)
{
    AVPacket *copy;

    if (packet->flags & AV_PKT_FLAG_KEY) {
        gop_clear(gop);
        gop->whole = 1;
    }
    if (!gop->whole)
        return;
    copy = NULL;
    if (gop->count < GOP_MAX_PACKETS &&
        gop->bytes + packet->size <= GOP_MAX_BYTES)
        copy = av_packet_clone(packet);
    if (copy == NULL) {
        /* Too long to keep (or no memory): wait for the next key frame. */
        gop_clear(gop);
        gop->whole = 0;
        return;
    }
    gop->packets[gop->count++] = copy;
    gop->bytes += packet->size;
}

/* What the console asked for on standard input, and what came of it. */
typedef struct {
    int open;             /* standard input still open */
    int held;
    int replay;           /* "play" came: the cache goes out first */
    int missed;           /* packets not written during the hold */
    int skip_to_key;      /* no whole interval to replay: wait for a key */
    int64_t skip_from;    /* the DTS the wait began at */
    int64_t read_bytes;   /* video bytes read from the source */
    int64_t said_at_us;
    int64_t written_dts;  /* the last DTS written, output timeline */
    int64_t shift;        /* input timeline minus output timeline */
    int64_t frame;        /* a frame's duration, input time base */
    int catching_up;      /* still on the packets read while probing */
    int64_t caught_up_by_us;
} control;

static void read_commands(control *ctl)
{
    char commands[64];
    ssize_t got;

    while ((got = read(STDIN_FILENO, commands, sizeof commands)) > 0) {
        for (ssize_t i = 0; i < got; i++) {
            if (commands[i] == 'h' && !ctl->held) {
                ctl->held = 1;
                ctl->replay = 0;
                ctl->missed = 0;
            } else if (commands[i] == 'p' && ctl->held) {
                ctl->held = 0;
                ctl->replay = ctl->missed > 0;
            }
        }
    }
    if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
        ctl->open = 0; /* the console closed it: keep the last state */
}

/* Once a second while held: the camera still sends (or it does not). */
static void say_held(control *ctl)
{
    int64_t now_us = av_gettime_relative();

    if (now_us - ctl->said_at_us < 1000000)
        return;
    ctl->said_at_us = now_us;
    fprintf(stderr, "remux: held read=%lld\n", (long long)ctl->read_bytes);
    fflush(stderr);
}

static int write_packet(AVFormatContext *output, AVPacket *packet,
                        AVRational time_base, control *ctl)
{
    int error;

    packet->dts -= ctl->shift;
    packet->pts -= ctl->shift;
    ctl->written_dts = packet->dts;
    av_packet_rescale_ts(packet, time_base, output->streams[0]->time_base);
    packet->stream_index = 0;
    packet->pos = -1;
    error = av_interleaved_write_frame(output, packet);
    if (error < 0 && error != AVERROR(EPIPE))
        fail("cannot write MPEG-TS", error);
    return error;
}

/*
 * Write the cached interval before ``live``, squeezed between the last
 * packet written and the live one, a millisecond apart at most: the
 * decoder gets its key frame and what follows within a moment, and the
 * player shows the live picture, not seconds-old ones at their pace.
 * Returns 1 when there was no room to squeeze them in.
 */
static int replay(gop_cache *gop, const AVPacket *live, AVRational time_base,
                  AVFormatContext *output, control *ctl)
{
    AVRational out_base = output->streams[0]->time_base;
    int64_t tick = av_rescale_q_rnd(1, out_base, time_base, AV_ROUND_UP);
    int64_t step = av_rescale_q(1000, AV_TIME_BASE_Q, time_base);
    int n = gop->count;

    if (tick < 1)
        tick = 1;
    if (step < tick)
        step = tick;
    if (ctl->written_dts != AV_NOPTS_VALUE &&
        (live->dts - ctl->shift - ctl->written_dts) / (n + 1) < step)
        step = (live->dts - ctl->shift - ctl->written_dts) / (n + 1);
    if (step < tick)
        return 1;
    for (int i = 0; i < n; i++) {
        AVPacket *copy = av_packet_clone(gop->packets[i]);
        int error;

        if (copy == NULL)
            return AVERROR(ENOMEM);
        copy->dts = live->dts - (int64_t)(n - i) * step;
        copy->pts = copy->dts;
        error = write_packet(output, copy, time_base, ctl);
        av_packet_free(&copy);
        if (error < 0)
            return error;
    }
    fprintf(stderr, "remux: replayed %d packets\n", n);
    fflush(stderr);
    return 0;
}

/*
 * After a hold, go on from one frame after the last packet written: the
 * output's timeline has no gap. libvlc then finds the stream late, which
 * with no jitter allowed (--clock-jitter=0) makes it start its clock again
 * from the packet that came, and the picture is live within a frame or
 * two. Across a gap in timestamps it took pictures for late by the hold's
 * length and showed the live ones after 0.6 s.
 */
static void close_gap(control *ctl, const AVPacket *live)
{
    if (ctl->written_dts == AV_NOPTS_VALUE)
        return;
    ctl->shift = live->dts - (ctl->written_dts + ctl->frame);
}

/*
 * While it probes a stream (up to half a second), libavformat keeps the
 * packets it read, and hands them over at once afterwards. Written as
 * they come, they started libvlc's clock half a second in the past, and
 * every picture stayed that late (0.73 s from a PTZ move to the picture,
 * against 0.27 s). So the start is treated as a hold: the packets that
 * come without waiting are kept, not written, and replayed squeezed
 * before the first packet that had to be waited for.
 */
#define LIVE_WAIT_US 5000
#define CATCH_UP_MAX_US 1000000

static void catch_up(control *ctl, int64_t waited_us)
{
    int64_t now_us = av_gettime_relative();

    if (ctl->caught_up_by_us == 0)
        ctl->caught_up_by_us = now_us + CATCH_UP_MAX_US;
    if (waited_us < LIVE_WAIT_US && now_us < ctl->caught_up_by_us)
        return;
    ctl->catching_up = 0;
    if (!ctl->held)
        ctl->replay = ctl->missed > 0;
}

/*
 * A source that marks no key frames (or too few) would be waited for
 * forever: after a while, the decoder gets what comes and makes do.
 */
#define KEY_WAIT_US 10000000

static int waited_too_long(const control *ctl, const AVPacket *packet,
                           AVRational time_base)
{
    int64_t waited = packet->dts - ctl->skip_from;

    return av_rescale_q(waited, time_base, AV_TIME_BASE_Q) > KEY_WAIT_US;
}

/*
 * What a held stream does with a packet before it is written: 1 to drop
 * it, 0 to write it, below 0 on a write error.
 */
static int follow_control(control *ctl, gop_cache *gop, AVPacket *packet,
                          AVRational time_base, AVFormatContext *output)
{
    int key = (packet->flags & AV_PKT_FLAG_KEY) != 0;

    if (ctl->open)
        read_commands(ctl);
    ctl->read_bytes += packet->size;
    if (ctl->replay && !ctl->catching_up) {
        ctl->replay = 0;
        close_gap(ctl, packet);
        if (!key) {
            int error = gop->whole ? replay(gop, packet, time_base, output, ctl)
                                   : 1;
            if (error < 0)
                return error;
            ctl->skip_to_key = error == 1;
            ctl->skip_from = packet->dts;
        }
    }
    gop_keep(gop, packet);
    if (ctl->held || ctl->catching_up) {
        ctl->missed++;
        if (ctl->held)
            say_held(ctl);
        return 1;
    }
    if (ctl->skip_to_key && !key && !waited_too_long(ctl, packet, time_base))
        return 1;
    ctl->skip_to_key = 0;
    return 0;
}

static void free_gop(gop_cache *gop)
{
    if (gop != NULL)
        gop_clear(gop);
    free(gop);
}

/* An RTSP stream with no duration is live (its SDP range is open): a
 * recording served over RTSP has one, and ends. */
static int live_rtsp(const AVFormatContext *input, const options *opts)
{
    return opts->rtsp && input->duration == AV_NOPTS_VALUE;
}

/* Read the source until it ends; 0 at a finite source's end, below 0 on an
 * error (a live stream that ends is one). */
static int copy_packets(AVFormatContext *input, int index,
                        AVFormatContext *output, const options *opts)
{
    AVStream *in = input->streams[index];
    AVPacket *packet = av_packet_alloc();
    AVRational rate = frame_rate(in);
    timeline line = {0, AV_NOPTS_VALUE, AV_NOPTS_VALUE, 1, 0};
    control ctl = {.open = opts->control, .written_dts = AV_NOPTS_VALUE};
    gop_cache *gop = opts->control ? calloc(1, sizeof *gop) : NULL;
    int error = 0;

    if (packet == NULL || (opts->control && gop == NULL)) {
        av_packet_free(&packet);
        free(gop);
        return AVERROR(ENOMEM);
    }
    if (rate.num > 0 && rate.den > 0)
        line.last_duration = av_rescale_q(1, av_inv_q(rate), in->time_base);
    /* Without a declared rate, a camera's usual 25 frames a second. */
    ctl.frame = line.last_duration > 1
                    ? line.last_duration
                    : av_rescale_q(40000, AV_TIME_BASE_Q, in->time_base);
    /* Only an RTSP camera's backlog is known to be live and a frame apart;
     * files are paced from their first packet, HLS comes in segments. */
    ctl.catching_up = opts->control && opts->rtsp;
    for (;;) {
        /* How long a read waited tells the backlog from live packets. */
        int64_t asked_us = ctl.catching_up ? av_gettime_relative() : 0;

        error = av_read_frame(input, packet);
        if (ctl.catching_up)
            catch_up(&ctl, av_gettime_relative() - asked_us);
        if (error == AVERROR_EOF && opts->loop) {
            error = rewind_file(input, &line);
            if (error < 0)
                break;
            continue;
        }
        if (error < 0)
            break;
        if (packet->stream_index != index) {
            av_packet_unref(packet);
            continue;
        }
        place(packet, &line);
        if (opts->file)
            pace(packet, in->time_base, &line);
        error = gop ? follow_control(&ctl, gop, packet, in->time_base, output)
                    : 0;
        if (error == 0)
            error = write_packet(output, packet, in->time_base, &ctl);
        av_packet_unref(packet);
        if (error < 0) {
            /* write_packet said why, unless the player closed the pipe */
            av_packet_free(&packet);
            free_gop(gop);
            return error;
        }
    }
    av_packet_free(&packet);
    free_gop(gop);
    if (error == AVERROR_EXIT)
        return 0;
    if (error == AVERROR_EOF && live_rtsp(input, opts)) {
        /* A camera's stream has no end: its server went away. */
        fprintf(stderr, "remux: the source closed the connection\n");
        return AVERROR(ECONNRESET);
    }
    if (error == AVERROR_EOF)
        return 0;
    fail("the source failed", error);
    return error;
}

int main(int argc, char **argv)
{
    options opts;
    const char *url = getenv("CONSOLE_INGEST_URL");
    AVFormatContext *input, *output;
    int index, error, stopped;

    if (parse_options(argc, argv, &opts) < 0)
        return 2;
    if (url == NULL || !*url) {
        fprintf(stderr, "remux: CONSOLE_INGEST_URL is not set\n");
        return 2;
    }
    av_log_set_level(AV_LOG_ERROR);
    signal(SIGTERM, on_stop);
    signal(SIGINT, on_stop);
    /* libvlc closing the pipe ends the copy with EPIPE, not a signal. */
    signal(SIGPIPE, SIG_IGN);
    avformat_network_init();
    if (opts.control)
        fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);

    opts.rtsp = !strncmp(url, "rtsp", 4);
    input = open_input(url, &opts);
    if (input == NULL)
        return 1;
    index = av_find_best_stream(input, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    if (index < 0) {
        fprintf(stderr, "remux: the source has no video stream\n");
        avformat_close_input(&input);
        return 1;
    }
    announce(input->streams[index]);

    output = open_output(input->streams[index]);
    if (output == NULL) {
        avformat_close_input(&input);
        return 1;
    }
    error = copy_packets(input, index, output, &opts);
    stopped = stopping == 1;
    stopping = 2; /* let closing the input say goodbye to the camera */
    av_write_trailer(output);
    avio_closep(&output->pb);
    avformat_free_context(output);
    avformat_close_input(&input);
    if (stopped)
        return 3;
    return error < 0 ? 1 : 0;
}

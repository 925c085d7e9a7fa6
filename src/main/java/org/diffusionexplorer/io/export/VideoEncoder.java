package org.diffusionexplorer.io.export;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * MP4 (H.264, yuv420p) and WebM (VP9, yuv420p) through FFmpeg's libraries in-process (JavaCPP's LGPL build:
 * libopenh264 for H.264, libvpx for VP9), so no ffmpeg executable is needed. Frames arrive as ARGB of even size
 * (the exporter pads); each frame's display time is a whole number of ticks of 1/fps (a hold repeats frames).
 */
final class VideoEncoder implements FrameEncoder {
    private final AVFormatContext oc;
    private final AVCodecContext c;
    private final AVStream st;
    private final AVFrame frame;
    private final AVPacket pkt;
    private final SwsContext sws;
    private final IntPointer src;
    private final PointerPointer<IntPointer> srcPlanes;
    private final IntPointer srcStride;
    private final int w, h;
    private final double fps;
    private long pts;
    private double owedTicks;

    /** The FFmpeg encoder for a format: libopenh264 (mp4) or libvpx-vp9 (webm). */
    static String encoderName(ExportFormat f) {
        return f == ExportFormat.MP4 ? "libopenh264" : "libvpx-vp9";
    }

    /** Null when the format can be written here; else why not (one sentence). */
    static String unavailable(ExportFormat f) {
        try {
            av_log_set_level(AV_LOG_QUIET);
            AVCodec codec = avcodec_find_encoder_by_name(encoderName(f));
            return codec == null || codec.isNull() ? "this FFmpeg build has no " + encoderName(f) + " encoder" : null;
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: no natives for this platform
            return f.name().toLowerCase() + " needs FFmpeg's native libraries, which are not available on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + " (" + e.getClass().getSimpleName() + ")";
        }
    }

    /**
     * @param bitrate bits per second (mp4); for webm, 0 selects constant quality with {@code crf}
     */
    VideoEncoder(Path file, ExportFormat format, int w, int h, double fps, long bitrate, int crf) throws IOException {
        if ((w & 1) != 0 || (h & 1) != 0) throw new IllegalArgumentException("video frames need even sizes (got " + w + "×" + h + ")");
        String why = unavailable(format);
        if (why != null) throw new IOException(why);
        this.w = w;
        this.h = h;
        this.fps = fps;
        int rate = (int) Math.round(fps * 1000);
        AVCodec codec = avcodec_find_encoder_by_name(encoderName(format));
        oc = new AVFormatContext(null);
        check(avformat_alloc_output_context2(oc, null, format == ExportFormat.MP4 ? "mp4" : "webm", file.toString()), "open the container");
        st = avformat_new_stream(oc, null);
        c = avcodec_alloc_context3(codec);
        c.codec_id(codec.id());
        c.width(w);
        c.height(h);
        c.pix_fmt(AV_PIX_FMT_YUV420P);
        c.time_base(av_make_q(1000, rate));
        c.framerate(av_make_q(rate, 1000));
        c.gop_size((int) Math.max(1, Math.round(fps * 2)));
        c.thread_count(Math.min(2, Runtime.getRuntime().availableProcessors()));
        AVDictionary opts = new AVDictionary(null);
        if (format == ExportFormat.MP4) {
            c.bit_rate(bitrate);
            c.qmin(0);
            c.qmax(crf);
            av_dict_set(opts, "rc_mode", "quality", 0);
            av_dict_set(opts, "allow_skip_frames", "0", 0);
        } else {
            c.bit_rate(0);
            av_dict_set(opts, "crf", Integer.toString(crf), 0);
            av_dict_set(opts, "deadline", "realtime", 0);
            av_dict_set(opts, "cpu-used", "8", 0);
            av_dict_set(opts, "row-mt", "1", 0);
        }
        if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        try {
            check(avcodec_open2(c, codec, opts), "open the " + encoderName(format) + " encoder");
        } finally {
            av_dict_free(opts);
        }
        check(avcodec_parameters_from_context(st.codecpar(), c), "set the stream parameters");
        st.time_base(c.time_base());
        AVIOContext pb = new AVIOContext(null);
        check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "open " + file.getFileName() + " for writing");
        oc.pb(pb);
        check(avformat_write_header(oc, (AVDictionary) null), "write the header");
        frame = av_frame_alloc();
        frame.format(AV_PIX_FMT_YUV420P);
        frame.width(w);
        frame.height(h);
        check(av_frame_get_buffer(frame, 0), "allocate a frame");
        pkt = av_packet_alloc();
        int srcFmt = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? AV_PIX_FMT_BGRA : AV_PIX_FMT_ARGB;
        sws = sws_getContext(w, h, srcFmt, w, h, AV_PIX_FMT_YUV420P, SWS_AREA | SWS_ACCURATE_RND, null, null, (DoublePointer) null);
        src = new IntPointer((long) w * h);
        srcPlanes = new PointerPointer<>(1);
        srcPlanes.put(0, src);
        srcStride = new IntPointer(1);
        srcStride.put(0, w * 4);
    }

    @Override
    public void add(int[] argb, double seconds, String label) throws IOException {
        owedTicks += seconds * fps;
        long n = Math.max(1, Math.round(owedTicks));
        owedTicks -= n;
        src.put(argb, 0, w * h);
        check(av_frame_make_writable(frame), "prepare a frame");
        sws_scale(sws, srcPlanes, srcStride, 0, h, frame.data(), frame.linesize());
        for (long i = 0; i < n; i++) {
            frame.pts(pts++);
            encode(frame);
        }
    }

    private void encode(AVFrame f) throws IOException {
        check(avcodec_send_frame(c, f), "encode a frame");
        while (true) {
            int r = avcodec_receive_packet(c, pkt);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) return;
            check(r, "encode a frame");
            if (pkt.duration() <= 0) pkt.duration(1); // one tick of 1/fps: the MP4 edit list counts the last frame's duration too
            av_packet_rescale_ts(pkt, c.time_base(), st.time_base());
            pkt.stream_index(st.index());
            check(av_interleaved_write_frame(oc, pkt), "write a frame (disk full?)");
        }
    }

    @Override
    public void finish() throws IOException {
        encode(null);
        check(av_write_trailer(oc), "finish the file");
    }

    private static void check(int r, String what) throws IOException {
        if (r >= 0) return;
        BytePointer msg = new BytePointer(256);
        av_strerror(r, msg, 256);
        throw new IOException("cannot " + what + ": " + msg.getString().trim());
    }

    @Override
    public void close() {
        if (sws != null) sws_freeContext(sws);
        if (frame != null) av_frame_free(frame);
        if (pkt != null) av_packet_free(pkt);
        if (c != null) avcodec_free_context(c);
        if (oc != null && !oc.isNull()) {
            if (oc.pb() != null && !oc.pb().isNull()) avio_closep(oc.pb());
            avformat_free_context(oc);
        }
        if (src != null) src.close();
        if (srcPlanes != null) srcPlanes.close();
        if (srcStride != null) srcStride.close();
    }
}

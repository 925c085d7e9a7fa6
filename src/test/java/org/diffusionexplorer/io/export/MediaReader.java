package org.diffusionexplorer.io.export;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * Test helper: decodes every frame of a video or APNG with FFmpeg's own demuxers and decoders, to ARGB. Chroma is
 * upsampled by repetition (each 2×2 block gets its sample), the inverse of the exporter's 2×2 area average.
 */
final class MediaReader {
    record Media(String codec, int width, int height, double durationSeconds, List<int[]> frames) {
    }

    static Media read(Path file) {
        av_log_set_level(AV_LOG_QUIET);
        AVFormatContext fc = new AVFormatContext(null);
        if (avformat_open_input(fc, file.toString(), null, (AVDictionary) null) < 0) throw new IllegalStateException("cannot open " + file);
        try {
            if (avformat_find_stream_info(fc, (AVDictionary) null) < 0) throw new IllegalStateException("no stream info");
            int si = av_find_best_stream(fc, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            AVStream st = fc.streams(si);
            AVCodec codec = avcodec_find_decoder(st.codecpar().codec_id());
            AVCodecContext c = avcodec_alloc_context3(codec);
            avcodec_parameters_to_context(c, st.codecpar());
            if (avcodec_open2(c, codec, (AVDictionary) null) < 0) throw new IllegalStateException("cannot open the decoder");
            int w = c.width(), h = c.height();
            AVFrame frame = av_frame_alloc();
            AVPacket pkt = av_packet_alloc();
            int dstFmt = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? AV_PIX_FMT_BGRA : AV_PIX_FMT_ARGB;
            SwsContext sws = null;
            IntPointer dst = new IntPointer((long) w * h);
            PointerPointer<IntPointer> planes = new PointerPointer<>(1);
            planes.put(0, dst);
            IntPointer stride = new IntPointer(1);
            stride.put(0, w * 4);
            List<int[]> frames = new ArrayList<>();
            double end = 0;
            boolean draining = false;
            while (true) {
                if (!draining) {
                    if (av_read_frame(fc, pkt) < 0) {
                        draining = true;
                        avcodec_send_packet(c, null);
                    } else {
                        if (pkt.stream_index() == si) avcodec_send_packet(c, pkt);
                        av_packet_unref(pkt);
                    }
                }
                int r;
                while ((r = avcodec_receive_frame(c, frame)) == 0) {
                    if (sws == null) sws = sws_getContext(w, h, frame.format(), w, h, dstFmt, SWS_POINT | SWS_ACCURATE_RND, null, null, (DoublePointer) null);
                    sws_scale(sws, frame.data(), frame.linesize(), 0, h, planes, stride);
                    int[] px = new int[w * h];
                    dst.get(px);
                    frames.add(px);
                    long pts = frame.best_effort_timestamp();
                    double tb = st.time_base().num() / (double) st.time_base().den();
                    end = Math.max(end, (pts + Math.max(1, frame.pkt_duration())) * tb);
                }
                if (draining && r == AVERROR_EOF) break;
            }
            double dur = fc.duration() > 0 ? fc.duration() / 1e6 : end;
            String name = codec.name().getString();
            if (sws != null) sws_freeContext(sws);
            av_frame_free(frame);
            av_packet_free(pkt);
            avcodec_free_context(c);
            return new Media(name, w, h, dur, frames);
        } finally {
            avformat_close_input(fc);
        }
    }

    /** PSNR over the R, G and B bytes of two ARGB frames. */
    static double psnr(int[] a, int[] b) {
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            for (int s = 0; s < 24; s += 8) {
                int d = ((a[i] >> s) & 255) - ((b[i] >> s) & 255);
                se += d * d;
            }
        }
        double mse = se / (3.0 * a.length);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255 * 255 / mse);
    }

    private MediaReader() {
    }

    @SuppressWarnings("unused")
    private static String err(int r) {
        BytePointer b = new BytePointer(256);
        av_strerror(r, b, 256);
        return b.getString();
    }
}

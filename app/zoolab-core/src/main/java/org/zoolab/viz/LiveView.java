package org.zoolab.viz;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.zoolab.train.EvaluationResult;
import org.zoolab.train.RunListener;
import org.zoolab.train.TrainingResult;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A live view of a training run in the browser: a small page served by the JDK's HTTP server that polls
 * {@code /metrics.json} every two seconds and draws the loss and validation accuracy. It listens on
 * {@code 127.0.0.1} (this machine only) unless told another address, unlike DL4J's UIServer, which listens on
 * all interfaces. No dependency beyond the JDK. It is a {@link RunListener}: {@code trainer.addListener(view)}.
 */
public final class LiveView implements RunListener, AutoCloseable {
    private static final int MAX_POINTS = 2000;
    private final HttpServer server;
    private final List<double[]> steps = new ArrayList<>();      // iteration, loss, lr, images/s
    private final List<double[]> epochs = new ArrayList<>();     // epoch, train loss, val loss, top1, top5
    private final List<String> notes = new ArrayList<>();
    private int stride = 1;
    private int seen;
    private String title = "zoolab";
    private String status = "starting";

    private LiveView(HttpServer server) {
        this.server = server;
    }

    /** Starts serving on {@code host:port} (port 0: any free port). */
    public static LiveView start(String host, int port) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
        LiveView v = new LiveView(s);
        s.createContext("/metrics.json", ex -> v.send(ex, "application/json", v.json()));
        s.createContext("/", ex -> v.send(ex, "text/html; charset=utf-8", PAGE));
        s.setExecutor(null);
        s.start();
        return v;
    }

    /** The address it answers on, e.g. {@code http://127.0.0.1:9000/}. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "0.0.0.0" : a.getAddress().getHostAddress();
        return "http://" + host + ":" + a.getPort() + "/";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public synchronized void started(Start s) {
        title = s.runDir().toString();
        status = s.resumed() ? "resumed" : "training";
    }

    @Override
    public synchronized void step(Step s) {
        if (seen++ % stride != 0) return;
        steps.add(new double[]{s.iteration(), s.loss(), s.lr(), s.imagesPerSecond()});
        if (steps.size() >= MAX_POINTS) {
            List<double[]> kept = new ArrayList<>();
            for (int i = 0; i < steps.size(); i += 2) kept.add(steps.get(i));
            steps.clear();
            steps.addAll(kept);
            stride *= 2;
        }
        status = String.format(Locale.ROOT, "epoch %d, iteration %d", s.epoch(), s.iteration());
    }

    @Override
    public synchronized void epochEnded(Epoch e) {
        EvaluationResult v = e.validation();
        epochs.add(new double[]{e.epoch(), e.trainLoss(), v == null ? Double.NaN : v.loss(),
                v == null ? Double.NaN : v.top1(), v == null ? Double.NaN : v.top5()});
    }

    @Override
    public synchronized void note(String message) {
        notes.add(message);
        if (notes.size() > 50) notes.remove(0);
    }

    @Override
    public synchronized void finished(TrainingResult r) {
        status = r.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    synchronized String json() {
        StringBuilder sb = new StringBuilder("{\"title\":").append(str(title)).append(",\"status\":").append(str(status));
        sb.append(",\"steps\":[");
        for (int i = 0; i < steps.size(); i++) sb.append(i == 0 ? "" : ",").append(arr(steps.get(i)));
        sb.append("],\"epochs\":[");
        for (int i = 0; i < epochs.size(); i++) sb.append(i == 0 ? "" : ",").append(arr(epochs.get(i)));
        sb.append("],\"notes\":[");
        for (int i = 0; i < notes.size(); i++) sb.append(i == 0 ? "" : ",").append(str(notes.get(i)));
        return sb.append("]}").toString();
    }

    private static String arr(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            String n = !Double.isFinite(x) ? "null" : x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x)
                    : String.format(Locale.ROOT, "%.6g", x);
            sb.append(i == 0 ? "" : ",").append(n);
        }
        return sb.append(']').toString();
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

    private void send(HttpExchange ex, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static final String PAGE = """
            <!doctype html><html><head><meta charset="utf-8"><title>zoolab live</title>
            <style>body{font:14px sans-serif;margin:20px}canvas{border:1px solid #ccc;margin:6px}#notes{font:12px monospace;white-space:pre}</style>
            </head><body><h3 id="title">zoolab</h3><div id="status"></div>
            <canvas id="loss" width="640" height="320"></canvas><canvas id="acc" width="640" height="320"></canvas>
            <div id="notes"></div>
            <script>
            function plot(id, title, series){const c=document.getElementById(id),g=c.getContext('2d');g.clearRect(0,0,c.width,c.height);
             let pts=series.flatMap(s=>s.pts);if(!pts.length){g.fillText(title+': no data yet',20,20);return;}
             let xs=pts.map(p=>p[0]),ys=pts.map(p=>p[1]);let x0=Math.min(...xs),x1=Math.max(...xs),y0=Math.min(...ys),y1=Math.max(...ys);
             if(x1==x0)x1=x0+1;if(y1==y0)y1=y0+1;const L=50,B=30,W=c.width-L-10,H=c.height-B-25;
             g.fillStyle='#000';g.fillText(title,L,14);g.fillText(y1.toPrecision(3),2,25);g.fillText(y0.toPrecision(3),2,25+H);g.fillText(x0,L,c.height-8);g.fillText(x1,L+W-30,c.height-8);
             series.forEach((s,i)=>{g.strokeStyle=s.color;g.beginPath();s.pts.forEach((p,j)=>{let X=L+(p[0]-x0)/(x1-x0)*W,Y=25+H-(p[1]-y0)/(y1-y0)*H;j?g.lineTo(X,Y):g.moveTo(X,Y);});g.stroke();
              g.fillStyle=s.color;g.fillText(s.name,L+W-120,30+14*i);});}
            async function tick(){try{const m=await (await fetch('metrics.json')).json();
             document.getElementById('title').textContent=m.title;document.getElementById('status').textContent=m.status;
             const f=(a,i,j)=>a.filter(r=>r[j]!==null).map(r=>[r[i],r[j]]);
             plot('loss','loss',[{name:'minibatch',color:'#1f77b4',pts:f(m.steps,0,1)}]);
             plot('acc','validation accuracy',[{name:'top-1',color:'#d62728',pts:f(m.epochs,0,3)},{name:'top-5',color:'#2ca02c',pts:f(m.epochs,0,4)}]);
             document.getElementById('notes').textContent=m.notes.join('\\n');}catch(e){}}
            tick();setInterval(tick,2000);
            </script></body></html>
            """;
}

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.rapaio.jupyter.kernel.channels.LoopThread;

/** Starts N LoopThreads and counts those whose loop body never ran (the thread saw running == false and quit). */
public class LoopThreadRace {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int dead = 0;
        for (int i = 0; i < n; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            LoopThread t = new LoopThread("t" + i, 1, ran::countDown);
            t.start();
            boolean ok = ran.await(2, TimeUnit.SECONDS);
            t.shutdown();
            t.join();
            if (!ok) dead++;
        }
        System.out.println(dead + " of " + n + " loop threads never ran their body");
    }
}

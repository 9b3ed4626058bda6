/*
 * Patched copy of org.rapaio.jupyter.kernel.channels.LoopThread from rapaio-jupyter-kernel 3.0.1
 * (https://github.com/padreati/rapaio-jupyter-kernel, MIT License; see notebooks/kernel/NOTICE).
 *
 * zoolab change (marked "zoolab:"): the running flag is set BEFORE the thread starts. The original set it after
 * super.start(), so a loop thread scheduled before the starting thread got back to the assignment saw
 * running == false and ended at once, leaving its channel (shell, control or heartbeat) without a reader.
 * Second change: an exception thrown by one pass of the loop body is logged and the loop goes on, instead of
 * ending the thread silently (which, again, left the kernel alive but deaf).
 */
package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Thread which runs in loop the loop body after each waiting period.
 */
public final class LoopThread extends Thread {

    private static final Logger LOGGER = Logger.getLogger(LoopThread.class.getSimpleName());

    private volatile boolean running = false;
    private final long sleep;
    private final Runnable loopBody;

    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleep = sleep;
        this.loopBody = loopBody;
    }

    @Override
    public void run() {
        while (running) {
            try {
                loopBody.run();
            } catch (RuntimeException e) {
                // zoolab: keep the channel alive; one bad pass must not leave the kernel without a reader.
                LOGGER.log(Level.SEVERE, getName() + ": loop body failed, continuing", e);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                running = false;
                return;
            }
        }
    }

    @Override
    public synchronized void start() {
        // zoolab: set the flag first; the new thread reads it as soon as it runs.
        running = true;
        super.start();
    }

    public void shutdown() {
        running = false;
    }
}

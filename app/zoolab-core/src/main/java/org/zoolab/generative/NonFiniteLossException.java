package org.zoolab.generative;

/**
 * A loss became NaN or infinite: training stopped before applying that step, so the nets and the last
 * checkpoint hold the last good weights. The message says where (epoch, iteration, which loss) and where the
 * last checkpoint is.
 */
public class NonFiniteLossException extends RuntimeException {
    public NonFiniteLossException(String message) {
        super(message);
    }
}

package org.zoolab.distributed.spark;

import org.zoolab.BadInputException;

import java.io.Serializable;

/**
 * Settings of DL4J's {@code SharedTrainingMaster}: gradient sharing between the executors over Aeron UDP, the
 * updates threshold-encoded (Strom 2015) as in {@code zoolab train --workers N --parallel-mode sharing}.
 *
 * @param port              UDP port of the parameter-server transport on every node (the driver and each
 *                          executor host must reach each other on it)
 * @param controllerAddress the driver's address as the executors see it (local mode: 127.0.0.1); null: picked from
 *                          {@code networkMask}
 * @param networkMask       the cluster's network, e.g. 10.1.0.0/16, used when no controller address is given
 * @param threshold         the initial encoding threshold (it adapts)
 */
public record SharedTrainingOptions(int port, String controllerAddress, String networkMask, double threshold)
        implements Serializable {
    public SharedTrainingOptions {
        if (port < 1 || port > 65535) throw new BadInputException("--port must be a UDP port 1..65535, got " + port);
        if (controllerAddress == null && networkMask == null) {
            throw new BadInputException("--training-master shared needs --controller ADDRESS or --network-mask CIDR");
        }
        if (!(threshold > 0) || !Double.isFinite(threshold)) {
            throw new BadInputException("--threshold must be a positive number, got " + threshold);
        }
    }

    /** One machine ({@code local[N]}): the driver on 127.0.0.1, port 40123, threshold 1e-3. */
    public static SharedTrainingOptions local() {
        return new SharedTrainingOptions(40123, "127.0.0.1", null, 1e-3);
    }
}

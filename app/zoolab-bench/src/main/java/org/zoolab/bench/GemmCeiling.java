package org.zoolab.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The machine's fp32 compute ceiling as zoolab sees it: a large square matrix multiply through ND4J (BLAS sgemm). */
public final class GemmCeiling implements Workload {
    private final int n;
    private INDArray a;
    private INDArray b;
    private INDArray c;

    public GemmCeiling(int n) {
        this.n = n;
    }

    @Override
    public String id() {
        return "gemm/fp32/n" + n;
    }

    @Override
    public int imagesPerStep() {
        return 1;
    }

    @Override
    public double flopsPerStep() {
        return 2.0 * n * n * n;
    }

    @Override
    public void setUp() {
        Nd4j.getRandom().setSeed(99);
        a = Nd4j.rand(DataType.FLOAT, n, n);
        b = Nd4j.rand(DataType.FLOAT, n, n);
        c = Nd4j.create(DataType.FLOAT, new long[]{n, n}, 'f');
    }

    @Override
    public void step() {
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        c.getDouble(0);
    }
}

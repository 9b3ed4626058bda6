package org.zoolab.train;

import java.util.List;

/**
 * Per-epoch validation numbers a kind of run adds to {@code metrics.csv} after the standard columns, computed from
 * the epoch's {@link EvaluationResult} (segmentation: mean IoU and Dice from the pixel confusion matrix). See
 * {@link Trainer#withExtraMetrics}.
 */
public interface ExtraMetrics {

    /** Column names, in order. */
    List<String> columns();

    /** One value per column for an epoch's validation result. */
    double[] values(EvaluationResult validation);
}

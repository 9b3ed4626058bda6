/**
 * Training and evaluation: experiments (model, data, pipeline, recipe), the papers' recipes, run directories with metrics.csv, atomic checkpoints and exact resume, guards against NaN losses, evaluation (top-1, top-5, confusion matrix, ten-crop; per pixel for segmentation) and prediction. Transfer learning and features: {@link org.zoolab.train.FineTuner}, {@link org.zoolab.train.FeatureExtractor}, {@link org.zoolab.train.WeightImporter}. Segmentation (U-Net on composites): the {@code Segmentation*} classes, {@link org.zoolab.train.DiceLoss} and {@link org.zoolab.train.Segmenter}.
 */
package org.zoolab.train;

/**
 * Training and evaluation: experiments (model, data, pipeline, recipe), the papers' recipes, run directories with metrics.csv, atomic checkpoints and exact resume, guards against NaN losses, evaluation (top-1, top-5, confusion matrix, ten-crop) and prediction.
 */
package org.zoolab.train;

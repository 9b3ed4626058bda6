/**
 * Pictures: training curves, confusion matrices, image grids, first-layer filters, activations, saliency maps and t-SNE maps, written as PNG with XChart and Java2D; and {@link org.zoolab.viz.LiveView}, a training run's loss and accuracy live in the browser (a {@link org.zoolab.train.RunListener}, {@code zoolab train --ui}).
 */
package org.zoolab.viz;

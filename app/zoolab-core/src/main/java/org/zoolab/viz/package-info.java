/**
 * Pictures: training curves, confusion matrices, image grids, first-layer filters, activations, saliency maps and t-SNE maps, written as PNG with XChart and Java2D.
 */
package org.zoolab.viz;

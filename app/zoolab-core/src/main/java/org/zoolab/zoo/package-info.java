/**
 * The architecture zoo: one declarative family per paper (perceptron, MLP, LeNet-5, AlexNet, VGG, GoogLeNet,
 * BN-Inception, Inception v3, ResNet v1 / v1.5 / pre-activation v2, U-Net, VAE, GAN), each an {@code XxxFamily}
 * ({@link org.zoolab.zoo.ModelFamily}) that turns the paper's table, kept as YAML in zoo-configs/, into a DL4J
 * ComputationGraphConfiguration; the families with a {@code models:} table share one skeleton,
 * {@link org.zoolab.zoo.ModelTableFamily}. Reusable blocks (Inception modules, residual and pre-activation units,
 * U-Net steps); the registry Zoo; the declared roles of a graph's outputs ({@link org.zoolab.zoo.AuxiliaryOutputs});
 * the papers' classical momentum ({@link org.zoolab.zoo.ClassicalMomentum}); a classifier's dense head made convolutional for dense evaluation ({@link org.zoolab.zoo.FullyConvolutionalNet}); and model summaries with exact
 * parameter and multiply-add counts. It depends on backend only, never on data or train.
 */
package org.zoolab.zoo;

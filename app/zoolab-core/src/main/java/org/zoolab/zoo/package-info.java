/**
 * The architecture zoo: one declarative builder per family (perceptron, MLP, LeNet-5, AlexNet, VGG, GoogLeNet, ResNet, U-Net, VAE, GAN) that turns the paper's table, kept as YAML in zoo-configs/, into a DL4J ComputationGraphConfiguration; reusable blocks (Inception modules, residual blocks, U-Net steps); the registry Zoo; and model summaries with exact parameter and multiply-add counts. It depends on backend only, never on data or train.
 */
package org.zoolab.zoo;

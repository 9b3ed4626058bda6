package org.zoolab.data;

/** Which half of a data set with a fixed train/test split: MNIST's 60,000/10,000, CIFAR-10's 50,000/10,000. */
public enum Split {
    TRAIN,
    TEST
}

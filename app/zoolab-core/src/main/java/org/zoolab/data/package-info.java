/**
 * Data: installing data sets into the data directory (verified by SHA-256, atomic, idempotent), readers for MNIST/Fashion-MNIST IDX, CIFAR-10 binary and class-folder image trees, and the declarative image pipelines (the 256 to 224 crop, mirror and mean-subtraction recipe, GoogLeNet's random-area crop and photometric distortion; each step kind defined once in {@link org.zoolab.data.StepKinds}; the test views that replace a centre crop, {@link org.zoolab.data.TestViews}: ten-crop, GoogLeNet's 144 crops, VGG's dense views) built on DataVec, with asynchronous seeded prefetch and a report of bad files.
 */
package org.zoolab.data;

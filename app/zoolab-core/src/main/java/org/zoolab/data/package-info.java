/**
 * Data: installing data sets into the data directory (verified by SHA-256, atomic, idempotent), readers for MNIST/Fashion-MNIST IDX, CIFAR-10 binary and class-folder image trees, and the declarative image pipelines (the 256 to 224 crop, mirror and mean-subtraction recipe; each step kind defined once in {@link org.zoolab.data.StepKinds}) built on DataVec, with asynchronous seeded prefetch and a report of bad files.
 */
package org.zoolab.data;

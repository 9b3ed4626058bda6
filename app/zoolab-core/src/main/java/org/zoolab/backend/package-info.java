/**
 * Backend selection and tuning: which ND4J backend runs (CPU or CUDA, chosen at run time through ND4J's BACKEND_PRIORITY_* variables), the oneDNN layer helpers that DL4J 1.0.0-M2.1 never switches on by itself, thread settings, and a report of the machine (BLAS vendor, instruction level, memory limits). Everything else in zoolab stands on this package; it imports nothing else of zoolab.
 */
package org.zoolab.backend;

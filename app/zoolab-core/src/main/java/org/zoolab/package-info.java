/**
 * zoolab's library root. Capabilities live in sub-packages (backend, io, zoo, data, train, sweep, generative, viz, export);
 * this package holds only {@link org.zoolab.BadInputException}, the one error type every layer uses for a
 * user's mistake.
 */
package org.zoolab;

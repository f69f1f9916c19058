/**
 * Initialisation schemes: base initialisations of ordinary layers ({@link org.hyperrl.core.init.LayerInits})
 * and hypernetwork head initialisations ({@link org.hyperrl.core.init.HyperInits}). Pure Java over
 * {@code double[]}; no ND4J here, so schemes are easy to test and to add. Layer layout: {@link
 * org.hyperrl.core.init.DenseInit}.
 */
package org.hyperrl.core.init;

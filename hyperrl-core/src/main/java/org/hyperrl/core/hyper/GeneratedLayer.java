package org.hyperrl.core.hyper;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Generated parameters of one base layer, as graph variables.
 *
 * @param weight {@code [batch, in, out]}, or {@code [in, out]} when shared by the whole batch
 * @param bias   {@code [batch, out]} ({@code [1, out]} when shared), or {@code null}
 * @param gain   {@code [batch, out]} ({@code [1, out]} when shared), or {@code null}
 * @param shared whether one parameter set serves every sample
 */
public record GeneratedLayer(SDVariable weight, SDVariable bias, SDVariable gain, boolean shared) {
}

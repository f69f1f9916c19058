package org.hyperrl.core.init;

/**
 * Initial values of the heads that generate one base layer. Every head is a dense layer from the
 * hypernetwork feature {@code z} (width {@code d_k}) to a flat parameter vector.
 *
 * @param weightHead {@code [d_k, in*out]}; its output is the base weight in {@link DenseInit}'s
 *                   {@code [in, out]} row-major layout
 * @param biasHead   {@code [d_k, out]}, or {@code null} when the base layer has no bias
 * @param gainHead   {@code [d_k, out]}, or {@code null} when the base layer has no gain; the generated
 *                   gain is {@code s = 1 + gainHead(z)}
 */
public record HeadInit(DenseInit weightHead, DenseInit biasHead, DenseInit gainHead) {
}

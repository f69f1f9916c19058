package org.hyperrl.core.init;

/**
 * What a hypernetwork initialisation scheme sees of one base (dynamic) layer.
 *
 * @param index    position of the layer in the base network, 0 for the first
 * @param count    number of layers in the base network
 * @param in       the base layer's fan-in {@code d_in}
 * @param out      the base layer's fan-out {@code d_out}
 * @param hasBias  whether the base layer has a generated bias
 * @param hasGain  whether the base layer has a generated gain {@code s = 1 + head}
 * @param baseInit the base initialisation {@code f} of this layer
 * @param gain     activation gain {@code g} of this layer
 */
public record BaseLayerShape(int index, int count, int in, int out, boolean hasBias, boolean hasGain,
                             LayerInit baseInit, double gain) {

    public BaseLayerShape {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("layer index " + index + " outside [0, " + count + ")");
        }
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("base layer sizes must be positive, got " + in + "x" + out);
        }
    }

    /** Whether this is the last (output) layer of the base network. */
    public boolean isLast() {
        return index == count - 1;
    }
}

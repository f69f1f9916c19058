package org.hyperrl.core.critic;

import org.hyperrl.core.hyper.PrimaryNetwork;
import org.hyperrl.core.init.HyperInit;
import org.hyperrl.core.init.HyperInits;
import org.hyperrl.core.init.LayerInit;
import org.hyperrl.core.init.LayerInits;

/**
 * Sizes and initialisations of the critics. {@link #paper()} holds Sarafian et al.'s values; tests and
 * quick experiments shrink them with the {@code with...} methods.
 *
 * @param primary        the primary ResNet (hypernetwork trunk and ResNet-Features)
 * @param dynamicHidden  hidden width of the dynamic (base) network
 * @param headInit       hypernetwork head initialisation
 * @param baseInit       base initialisation {@code f} of the dynamic network (used by Bias/Weight-HyperInit, HFI...)
 * @param embeddingSize  Emb-Hyper's learned embedding size
 * @param mlpInit        initialisation of MLP layers (baselines, ResNet35 input/output, D2RL)
 * @param mlpWidth       width of MLP-Standard/Small hidden layers
 * @param largeWidth     width of MLP-Large hidden layers
 * @param resnetFeatures ResNet-Features' number of learned state features
 * @param resnet35Blocks number of residual blocks of ResNet35
 * @param resnet35Width  width of ResNet35's blocks
 * @param d2rlLayers     number of hidden layers of Q-D2RL
 */
public record CriticConfig(PrimaryNetwork.Config primary, int dynamicHidden, HyperInit headInit, LayerInit baseInit,
                           int embeddingSize, LayerInit mlpInit, int mlpWidth, int largeWidth, int resnetFeatures,
                           int resnet35Blocks, int resnet35Width, int d2rlLayers) {

    /** Sarafian et al. 2021's sizes and initialisations. */
    public static CriticConfig paper() {
        return new CriticConfig(PrimaryNetwork.Config.paper(), 256, HyperInits.SARAFIAN, LayerInits.TORCH_DEFAULT,
                5, LayerInits.TORCH_DEFAULT, 256, 2900, 10, 35, 256, 4);
    }

    /** A small configuration with the same structure, for tests: primary 16-32, one block each, widths 32. */
    public static CriticConfig small() {
        return new CriticConfig(PrimaryNetwork.Config.paper().withWidths(1, 16, 32), 32, HyperInits.SARAFIAN,
                LayerInits.TORCH_DEFAULT, 5, LayerInits.TORCH_DEFAULT, 32, 48, 4, 3, 16, 4);
    }

    public CriticConfig withPrimary(PrimaryNetwork.Config p) {
        return new CriticConfig(p, dynamicHidden, headInit, baseInit, embeddingSize, mlpInit, mlpWidth, largeWidth,
                resnetFeatures, resnet35Blocks, resnet35Width, d2rlLayers);
    }

    public CriticConfig withHeadInit(HyperInit init) {
        return new CriticConfig(primary, dynamicHidden, init, baseInit, embeddingSize, mlpInit, mlpWidth, largeWidth,
                resnetFeatures, resnet35Blocks, resnet35Width, d2rlLayers);
    }

    public CriticConfig withDynamicHidden(int width) {
        return new CriticConfig(primary, width, headInit, baseInit, embeddingSize, mlpInit, mlpWidth, largeWidth,
                resnetFeatures, resnet35Blocks, resnet35Width, d2rlLayers);
    }
}

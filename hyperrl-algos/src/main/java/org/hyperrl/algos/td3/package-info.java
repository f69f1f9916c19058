/** TD3 (Fujimoto et al. 2018) with hypernetwork or baseline critics (Sarafian et al. 2021). */
package org.hyperrl.algos.td3;

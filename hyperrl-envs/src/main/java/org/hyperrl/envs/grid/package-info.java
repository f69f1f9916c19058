/**
 * The Grid-World family of Beck et al. (plain, Show, Dense) in pure Java. The trial structure (15 steps,
 * 4 episodes) is added by wrappers in the registry, not here.
 */
package org.hyperrl.envs.grid;

/**
 * Construction of environments from string ids and option maps ({@link org.hyperrl.envs.registry.EnvRegistry}),
 * for configs and the command line. The environments themselves live in their own packages.
 */
package org.hyperrl.envs.registry;

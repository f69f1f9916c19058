/**
 * The 2D point-robot task family of PEARL (Rakelly et al. 2019): position control towards a hidden goal, dense or
 * sparse rewards. Small enough to show meta-RL learning in minutes. Episode length and trials are added by wrappers in
 * the registry.
 */
package org.hyperrl.envs.point;

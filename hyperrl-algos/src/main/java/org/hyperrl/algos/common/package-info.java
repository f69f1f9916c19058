/**
 * Parts shared by the algorithms: replay buffer, action scaling, evaluation, a checkpointable random generator,
 * progress reporting. Algorithms themselves live one per package ({@code td3}, {@code sac}, ...).
 */
package org.hyperrl.algos.common;

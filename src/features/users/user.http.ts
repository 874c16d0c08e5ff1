// PLACEHOLDER: replaced by the users feature.
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.ts';
import type { AuthHooks } from '../../platform/http/auth.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { TokenService } from './token.service.ts';
import type { UserService } from './user.service.ts';

export const userRoutes =
  (_deps: { config: Config; auth: AuthHooks; users: UserService; tokens: TokenService; throttle: LoginThrottle }): FastifyPluginAsync =>
  async () => undefined;

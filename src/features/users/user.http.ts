// Routes of the users feature: sign-up, login (token issue), logout (token revoke) and /me.
// Each handler parses, makes one service call and maps the result.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { Config, Currency } from '../../config.ts';
import { principalOf, type AuthHooks } from '../../platform/http/auth.ts';
import { Id, iso, ProblemSchema, Timestamp } from '../../platform/http/schemas.ts';
import type { IssuedToken, TokenService } from './token.service.ts';
import { SignupClosedError } from './user.errors.ts';
import type { UserService } from './user.service.ts';
import { NAME_MAX_LENGTH, type User } from './user.ts';

/** The contract's user shape (`/me`, sign-up). */
export const UserSchema = Type.Object({
  id: Id,
  email: Type.String(),
  name: Type.String(),
  is_staff: Type.Boolean(),
  balance_cents: Type.Integer({ minimum: 0 }),
  currency: Type.String({ description: 'ISO 4217 code of the base currency' }),
  created_at: Timestamp,
});

const SignUpBody = Type.Object({
  email: Type.String({ description: 'Normalised to lower case.' }),
  password: Type.String({ description: '12 to 128 characters; not all digits, not the e-mail, not a common password.' }),
  name: Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH }),
});

const LoginBody = Type.Object({
  email: Type.String({ maxLength: 1000 }),
  // Bounded so that nobody can make us hash megabytes; real passwords are at most 128 characters.
  password: Type.String({ maxLength: 1000 }),
});

const TokenSchema = Type.Object({ token: Type.String(), expires_at: Timestamp });
// Any other 4xx (malformed JSON, 413, 415, 429…) and any 5xx is a problem document too.
const OtherErrors = { '4xx': ProblemSchema, '5xx': ProblemSchema };

export const userBody = (user: User, currency: Currency) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  is_staff: user.is_staff,
  balance_cents: user.balance_cents,
  currency,
  created_at: iso(user.created_at),
});

const tokenBody = (issued: IssuedToken) => ({ token: issued.token, expires_at: iso(issued.expiresAt) });

export interface UserRoutesDeps {
  config: Config;
  auth: AuthHooks;
  users: UserService;
  tokens: TokenService;
}

export const userRoutes =
  ({ config, auth, users, tokens }: UserRoutesDeps): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/v1/users',
      {
        // Before the body is even parsed: a closed door answers 403 to any request.
        onRequest: async () => {
          if (!config.signupOpen) throw new SignupClosedError();
        },
        schema: {
          tags: ['users'],
          summary: 'Sign up',
          body: SignUpBody,
          response: { 201: UserSchema, 403: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema, ...OtherErrors },
        },
      },
      async (request, reply) => {
        const user = await users.signUp(request.body, request.abortSignal);
        return reply.code(201).send(userBody(user, config.baseCurrency));
      },
    );

    app.post(
      '/api/v1/auth/tokens',
      { schema: { tags: ['users'], summary: 'Log in: issue an API token', body: LoginBody, response: { 201: TokenSchema, 401: ProblemSchema, 422: ProblemSchema, 429: ProblemSchema, ...OtherErrors } } },
      async (request, reply) => {
        const issued = await tokens.login({ ...request.body, clientAddress: request.ip }, request.abortSignal);
        return reply.code(201).send(tokenBody(issued));
      },
    );

    app.delete(
      '/api/v1/auth/tokens/current',
      { onRequest: auth.user, schema: { tags: ['users'], summary: 'Log out: revoke the token used', response: { 204: Type.Null({ description: 'No content' }), 401: ProblemSchema, ...OtherErrors } } },
      async (request, reply) => {
        await tokens.revoke(principalOf(request), request.abortSignal);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/me',
      { onRequest: auth.user, schema: { tags: ['users'], summary: 'The current user', response: { 200: UserSchema, 401: ProblemSchema, ...OtherErrors } } },
      async (request) => userBody(await users.getById(principalOf(request).userId, request.abortSignal), config.baseCurrency),
    );
  };

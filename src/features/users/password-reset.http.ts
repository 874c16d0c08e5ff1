// Routes of the password reset: ask for a link by e-mail, then set a new password with its token.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { ProblemSchema } from '../../platform/http/schemas.ts';
import type { PasswordResetService } from './password-reset.service.ts';

const ResetRequestBody = Type.Object({
  email: Type.String({ maxLength: 1000, description: 'The account\'s e-mail address; any string is accepted.' }),
});

const ResetConfirmBody = Type.Object({
  token: Type.String({ maxLength: 1000, description: 'The `token` of the e-mailed link.' }),
  // Bounded so that nobody can make us hash megabytes; the policy allows at most 128 characters.
  password: Type.String({ maxLength: 1000, description: '12 to 128 characters; not all digits, not the e-mail, not a common password.' }),
});

const Accepted = Type.Object({ detail: Type.String() });
// Any other 4xx (malformed JSON, 413, 415, 429…) and any 5xx is a problem document too.
const OtherErrors = { '4xx': ProblemSchema, '5xx': ProblemSchema };

/** The one 202 body, whatever happened: it must not tell whether the address has an account. */
const ACCEPTED = Object.freeze({
  detail: 'If an account uses this e-mail address, a link to reset its password is on its way.',
});

export const passwordResetRoutes =
  ({ passwordResets }: { passwordResets: PasswordResetService }): FastifyPluginAsync =>
  async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/api/v1/auth/password-reset',
      { schema: { tags: ['users'], summary: 'Request a password reset e-mail', body: ResetRequestBody, response: { 202: Accepted, 422: ProblemSchema, ...OtherErrors } } },
      async (request, reply) => {
        await passwordResets.request(request.body.email, request.abortSignal);
        return reply.code(202).send(ACCEPTED);
      },
    );

    app.post(
      '/api/v1/auth/password-reset/confirm',
      {
        schema: {
          tags: ['users'],
          summary: 'Set a new password with a reset token',
          body: ResetConfirmBody,
          response: { 204: Type.Null({ description: 'No content' }), 400: ProblemSchema, 422: ProblemSchema, ...OtherErrors },
        },
      },
      async (request, reply) => {
        await passwordResets.confirm(request.body, request.abortSignal);
        return reply.code(204).send(null);
      },
    );
  };

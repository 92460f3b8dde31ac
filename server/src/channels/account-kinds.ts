// What the kind's module says about an account the registry connects or changes: which module serves the kind,
// which intake modes it takes, and whether the platform accepts the credentials.
import { unprocessable } from '../platform/index.ts';
import { ChannelError, type AccountIdentity, type ChannelAdapter, type ChannelKind, type IntakeMode } from './channel.ts';
import type { AnyChannelModule, ChannelModules } from './module.ts';

export type AccountKinds = ReturnType<typeof createAccountKinds>;

export function createAccountKinds(modules: ChannelModules) {
  function moduleFor(kind: string): AnyChannelModule {
    const module = modules.get(kind);
    if (!module)
      throw unprocessable(
        `Channels of kind "${kind}" are not built into this server: known kinds are ${
          modules
            .list()
            .map((each) => each.kind)
            .join(', ') || 'none'
        }.`,
        'unknown_kind',
      );
    return module;
  }

  return {
    moduleFor,

    adapterFor(kind: string): ChannelAdapter {
      return moduleFor(kind).adapter;
    },

    /** The intake mode asked for, if the kind takes it; the kind's default when none is asked for. */
    checkMode(module: AnyChannelModule, requested: IntakeMode | undefined): IntakeMode {
      if (!requested) return module.intake.defaultMode();
      if (!module.intake.modes.includes(requested))
        throw unprocessable(
          `A ${module.vocabulary.en.accountName} takes intake_mode ${module.intake.modes.join(', ')}, not "${requested}".`,
          'invalid_intake_mode',
        );
      return requested;
    },

    /** Variable of the environment that defines an account of this kind, for messages that say where to change it. */
    environmentVariable(kind: string): string {
      return modules.get(kind)?.environmentAccount?.variable ?? 'the environment';
    },

    /** Checks credentials with the platform; a refusal is 422 invalid_token, an unreachable platform 422 messenger_unreachable. */
    async verify(kind: ChannelKind, token: string): Promise<AccountIdentity> {
      const module = moduleFor(kind);
      const messengerName = module.vocabulary.en.messengerName;
      try {
        return await module.adapter.verifyCredentials(token);
      } catch (error) {
        if (
          error instanceof ChannelError &&
          (error.code === 'AUTH_REVOKED' || error.code === 'NOT_FOUND' || error.code === 'INVALID_INPUT')
        ) {
          throw unprocessable(`The credentials were refused by ${messengerName}: ${error.message}`, 'invalid_token');
        }
        if (error instanceof ChannelError)
          throw unprocessable(
            `Could not check the credentials with ${messengerName}: ${error.message}. Try again.`,
            'messenger_unreachable',
          );
        throw error;
      }
    },
  };
}

import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';

/** Why a card has no rows, in words. */
export interface EmptyCard {
  title: string;
  description: string;
}

/**
 * What a card of rows shows until it has some: the error when nothing
 * could be read, progress while reading, and, given `empty`, why there is
 * nothing; undefined once there are rows to show (a stale list stays
 * shown while a refresh fails).
 */
export function cardPlaceholder(
  title: string,
  state: { value?: readonly unknown[]; error?: Error },
  empty?: EmptyCard,
): JSX.Element | undefined {
  let body: JSX.Element | undefined;
  if (state.value === undefined) {
    body = state.error ? (
      <ResponseErrorPanel error={state.error} />
    ) : (
      <Progress />
    );
  } else if (state.value.length === 0 && empty) {
    body = <EmptyState missing="data" {...empty} />;
  }
  return body && <InfoCard title={title}>{body}</InfoCard>;
}

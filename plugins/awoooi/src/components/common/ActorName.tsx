import { EntityRefLink } from '@backstage/plugin-catalog-react';

/** A user ref as a link to the user's page; anything else (the pipeline) as text. */
export function ActorName(props: { actor: string }) {
  if (/^user:/i.test(props.actor)) {
    return <EntityRefLink entityRef={props.actor} defaultKind="user" />;
  }
  return <span>{props.actor}</span>;
}

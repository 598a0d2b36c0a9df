import type { AwoooiNotification } from '@awoooi/plugin-awoooi-node';

export type WebhookFormat = 'slack' | 'discord' | 'json';

const COLOURS: Record<AwoooiNotification['severity'], number> = {
  critical: 0xd32f2f,
  high: 0xf57c00,
  normal: 0x1976d2,
  low: 0x388e3c,
};

/** The body one webhook receives, in the JSON its receiver understands. */
export function webhookBody(
  format: WebhookFormat,
  n: AwoooiNotification,
): unknown {
  const hex = `#${COLOURS[n.severity].toString(16).padStart(6, '0')}`;
  switch (format) {
    case 'slack':
      // Slack incoming webhooks (also Mattermost, Rocket.Chat): text + attachment.
      return {
        text: `*${n.title}*`,
        attachments: [
          {
            color: hex,
            title: n.title,
            title_link: n.link,
            text: n.description,
            fields: [
              { title: 'Entity', value: n.entityRef, short: true },
              { title: 'Event', value: n.kind, short: true },
            ],
          },
        ],
      };
    case 'discord':
      // Discord webhooks: content + embed.
      return {
        content: n.title,
        embeds: [
          {
            title: n.title,
            url: n.link,
            description: n.description,
            color: COLOURS[n.severity],
            fields: [
              { name: 'Entity', value: n.entityRef, inline: true },
              { name: 'Event', value: n.kind, inline: true },
            ],
          },
        ],
      };
    default:
      return { ...n };
  }
}

import type { MqttClient } from 'mqtt';
import type { StatusLink } from './status-publisher.js';

/** Filter match for MQTT topics (`+` one level, `#` the rest). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}

/** An mqtt.js client as the status publisher's link: QoS 1 publishes and subscriptions. */
export function mqttStatusLink(client: MqttClient): StatusLink {
  const handlers: [string, (topic: string, payload: Buffer) => void][] = [];
  client.on('message', (topic, payload) => {
    for (const [filter, fn] of handlers) if (topicMatches(filter, topic)) fn(topic, payload);
  });
  return {
    publish: (topic, payload) =>
      new Promise((resolve, reject) =>
        client.publish(topic, payload, { qos: 1 }, (e) => (e ? reject(e) : resolve())),
      ),
    subscribe: (filter, fn) =>
      new Promise((resolve, reject) => {
        handlers.push([filter, fn]);
        client.subscribe(filter, { qos: 1 }, (e) => (e ? reject(e) : resolve()));
      }),
  };
}

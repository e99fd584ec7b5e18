import "server-only";
// The one layout every message uses, written with react-email's components (tables and inline styles that mail
// clients accept). The words come from content.ts; this file only lays them out.
import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { MessageContent } from "./content";

export interface EmailProps {
  content: MessageContent;
  locale: string;
  /** the category's one-click unsubscribe page; absent for messages that cannot be turned off */
  unsubscribeUrl: string | null;
  /** for a category that cannot be turned off: the signed page saying why (absent when unsubscribeUrl is set) */
  alwaysSentUrl: string | null;
  preferencesUrl: string;
}

const page = { backgroundColor: "#f4f4f5", fontFamily: "Helvetica, Arial, sans-serif", color: "#18181b" };
const card = { backgroundColor: "#ffffff", borderRadius: "8px", padding: "24px", margin: "24px auto", maxWidth: "560px" };
const button = { backgroundColor: "#2563eb", color: "#ffffff", borderRadius: "6px", padding: "10px 16px", textDecoration: "none" };
const small = { color: "#71717a", fontSize: "12px", lineHeight: "18px" };

export function NotificationEmail({ content, locale, unsubscribeUrl, alwaysSentUrl, preferencesUrl }: EmailProps) {
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{content.preview}</Preview>
      <Body style={page}>
        <Container style={card}>
          <Heading as="h1" style={{ fontSize: "20px" }}>
            {content.heading}
          </Heading>
          {content.paragraphs.map((p, i) => (
            <Text key={i}>{p}</Text>
          ))}
          <Section style={{ margin: "16px 0" }}>
            <Button href={content.action.url} style={button}>
              {content.action.label}
            </Button>
          </Section>
          <Hr />
          <Text style={small}>
            LessonPay ·{" "}
            {unsubscribeUrl ? (
              <>
                <Link href={unsubscribeUrl}>Unsubscribe from these messages</Link> ·{" "}
              </>
            ) : alwaysSentUrl ? (
              <>
                <Link href={alwaysSentUrl}>Why you always get these messages</Link> ·{" "}
              </>
            ) : null}
            <Link href={preferencesUrl}>Notification settings</Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/**
 * Friendly names for the generated OpenAPI types (src/lib/api/schema.d.ts, `npm run gen:api`).
 * Components import from here so a schema rename touches one file.
 */
import type { components } from "@/lib/api/schema";

type Schemas = components["schemas"];

// accounts
export type Me = Schemas["Me"];
export type AuthResponse = Schemas["AuthResponse"];
export type PublicSite = Schemas["PublicSite"];
export type BootstrapStatus = Schemas["BootstrapStatus"];
export type LoginRequest = Schemas["LoginRequest"];
export type RegisterRequest = Schemas["RegisterRequest"];
export type BootstrapAdminRequest = Schemas["BootstrapAdminRequest"];
export type TelegramLoginRequest = Schemas["TelegramLoginRequest"];
export type MeUpdateRequest = Schemas["PatchedMeUpdateRequest"];
export type PaymentSettings = Schemas["PaymentSettings"];
export type MasterProfileStatus = NonNullable<Me["master_profile"]>["status"];
export type UserBrief = Schemas["UserBrief"];
export type PasswordChangeRequest = Schemas["PasswordChangeRequest"];
export type PasswordResetRequest = Schemas["PasswordResetRequestRequest"];
export type PasswordResetConfirmRequest = Schemas["PasswordResetConfirmRequest"];
export type Role = "client" | "master" | "admin";

// appointments
export type Appointment = Schemas["Appointment"];
export type AppointmentStatus = Appointment["status"];
export type AppointmentEvent = Schemas["AppointmentEvent"];
export type AppointmentCreateRequest = Schemas["AppointmentCreateRequest"];
export type Payment = Schemas["Payment"];
export type PaymentProof = Schemas["PaymentProof"];
export type PaymentInstructions = Schemas["PaymentInstructions"];

// chat
export type ChatMessage = Schemas["Message"];
export type ReadState = Schemas["ReadState"];
/** Cursor pagination (chat): no count, opaque next/previous links. */
export type CursorPage<T> = { next: string | null; previous: string | null; results: T[] };

// reviews: one body shape for both directions, each with its own flag vocabulary.
export type ReviewMasterRequest = Schemas["ReviewMasterInputRequest"];
export type ReviewClientRequest = Schemas["ReviewClientInputRequest"];
/** Each direction's flag vocabulary, as the API's enum for that request body. */
export type ReviewMasterFlag = NonNullable<ReviewMasterRequest["flags"]>[number];
export type ReviewClientFlag = NonNullable<ReviewClientRequest["flags"]>[number];

// notifications
export type Notification = Schemas["Notification"];
export type NotificationChannel = Schemas["ChannelInfo"]["channel"];
export type NotificationPreferences = Schemas["Preferences"];
export type NotificationPreferencesMap = Record<string, Partial<Record<NotificationChannel, boolean>>>;

// admin
export type AdminUser = Schemas["AdminUser"];
export type AdminMaster = Schemas["AdminMaster"];
export type SiteSettings = Schemas["SiteSettings"];
export type RunActionResult = Schemas["RunActionResult"];
export type SystemStatus = Schemas["SystemStatus"];

// platform (admin)
export type FeatureFlag = Schemas["FeatureFlag"];
export type AuditEntry = Schemas["AuditEntry"];
export type PlatformEvent = Schemas["Event"];

// reviews
export type Review = Schemas["Review"];
export type AppointmentReviews = Schemas["AppointmentReviews"];
export type MasterPublic = Schemas["MasterPublic"];
export type AdminReview = Schemas["AdminReview"];

// SPEC 10 (SLA, scores, analytics, rules)
export type AppointmentSla = Schemas["SlaSummary"];
export type SlaState = AppointmentSla["state"];
export type SlaBreach = Schemas["SlaBreach"];
export type SlaReportRow = Schemas["SlaReportRow"];
export type ScoreReason = Schemas["Reason"];
export type AnalyticsFunnel = Schemas["Funnel"];
export type AnalyticsMasterRow = Schemas["MasterRow"];
export type RuleRunRecord = Schemas["RuleRun"];
/** A client's risk level on an appointment (`client_risk`, only for its master and admins; SPEC 10.2). */
export type ClientRiskSummary = Schemas["ClientRiskSummary"];
export type ClientRiskLevel = ClientRiskSummary["level"];
export type PerformanceLevel = "excellent" | "good" | "fair" | "poor" | "insufficient_data";

// realtime
export type RealtimeTicket = Schemas["RealtimeTicket"];

/**
 * Friendly names for the generated OpenAPI types (src/lib/api/schema.d.ts, `npm run gen:api`).
 * Components import from here so a schema rename touches one file.
 */
import type { components } from "@/lib/api/schema";

type Schemas = components["schemas"];

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
export type MasterProfileStatus = Schemas["StatusEnum"];

export type Role = "client" | "master" | "admin";

/*
 * Appointment shapes: mirrored from backend/apps/appointments/api/serializers.py until that app's
 * schema is part of the generated file (then these become aliases of the generated types).
 */
export type UserBrief = { id: number; username: string; display_name: string; role: string };

export type PaymentProof = { content_type: string; size: number; uploaded_at: string; url: string };

export type PaymentInstructions = {
  source: "master" | "site";
  method: string;
  recipient: string;
  account: string;
  instructions: string;
  amount: string | null;
  currency: string;
};

export type Payment = {
  proof: PaymentProof | null;
  instructions: PaymentInstructions | null;
  rejection_reason: string;
  confirmed_at: string | null;
};

export type AppointmentStatus =
  | "NEW"
  | "IN_REVIEW"
  | "AWAITING_PAYMENT"
  | "PAYMENT_PROOF_UPLOADED"
  | "PAID"
  | "IN_PROGRESS"
  | "COMPLETED"
  | "DECLINED_BY_MASTER"
  | "CANCELLED";

export type Appointment = {
  id: number;
  status: AppointmentStatus;
  title: string;
  description: string;
  scheduled_for: string | null;
  client: UserBrief;
  master: UserBrief | null;
  price: string | null;
  currency: string;
  payment: Payment;
  allowed_actions: string[];
  unread_count: number;
  decline_reason: string;
  cancel_reason: string;
  created_at: string;
  updated_at: string;
  taken_at: string | null;
  priced_at: string | null;
  marked_paid_at: string | null;
  payment_confirmed_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  declined_at: string | null;
  cancelled_at: string | null;
};

export type AppointmentEvent = {
  id: number;
  type: string;
  actor: UserBrief | null;
  from_status: string;
  to_status: string;
  data: Record<string, unknown>;
  created_at: string;
};

export type AppointmentCreateRequest = { title: string; description?: string; scheduled_for?: string | null };

/* Chat and reviews: from SPEC sections 5 and 8 until those apps are in the generated schema. */
export type ChatMessage = {
  id: number;
  sender: UserBrief | null;
  text: string;
  is_deleted?: boolean;
  deleted_at?: string | null;
  created_at: string;
};

export type CursorPage<T> = { next: string | null; previous: string | null; results: T[] };

export type ReadState = { unread_count: number; last_read_message_id: number | null };

export type ReviewRequest = { rating: number; comment?: string; flags?: string[] };

/* Notifications (apps/platform): from its serializers until they are in the generated schema. */
export type Notification = {
  id: number;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  subject_type: string;
  subject_id: string;
  is_read: boolean;
  read_at: string | null;
  critical: boolean;
  created_at: string;
  bumped_at: string;
};

export type NotificationChannel = "in_app" | "telegram" | "email";
export type NotificationPreferencesMap = Record<string, Partial<Record<NotificationChannel, boolean>>>;
export type NotificationPreferences = {
  preferences: NotificationPreferencesMap;
  critical_types: string[];
  channels: { channel: NotificationChannel; available: boolean }[];
};

/* Admin (apps/adminpanel): the report's section 8 paths, until they are in the generated schema. */
export type AdminUser = {
  id: number;
  username: string;
  display_name: string;
  email: string;
  role: string;
  admin_role: string | null;
  is_banned: boolean;
  ban_reason?: string;
  banned_at?: string | null;
  date_joined?: string;
  last_login?: string | null;
  telegram?: { username: string } | null;
  master_profile?: { status: MasterProfileStatus; rating_avg?: number | null; rating_count?: number } | null;
};

export type AdminMaster = AdminUser & { status?: MasterProfileStatus };

export type SiteSettings = {
  site_name: string;
  support_contact: string;
  payment_instructions: string;
  registration_open: boolean;
  max_upload_mb: number;
  telegram_bot_username: string;
  updated_at?: string;
};

export type RunActionResult = { action: string; ok: boolean; result: unknown; duration_ms: number };

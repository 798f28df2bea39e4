import DeleteOutlineIcon from "@mui/icons-material/DeleteOutlineOutlined";
import SendIcon from "@mui/icons-material/Send";
import Box from "@mui/material/Box";
import Divider from "@mui/material/Divider";
import IconButton from "@mui/material/IconButton";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { Fragment, useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toaster";
import { isChatUnavailable, useChatMessages, useDeleteMessage, useMarkRead, useSendMessage } from "@/features/chat/api/messages";
import type { ChatMessage } from "@/lib/api/types";
import { useSession } from "@/lib/auth";
import { errorMessage } from "@/lib/errors";
import { dayKey, formatDayLabel, formatTime } from "@/lib/format";

const MAX_LENGTH = 4000;

function isDeleted(message: ChatMessage) {
  return Boolean(message.is_deleted || message.deleted_at);
}

type Props = {
  appointmentId: number;
  /** The frame around the panel (a titled card); not drawn at all when the caller has no chat here. */
  frame: (panel: ReactNode) => ReactNode;
};

/**
 * The conversation of one request. Messages are grouped under a day heading and show only their
 * time. With a keyboard Enter sends; on a touch screen Enter is a new line and the button sends.
 */
export function ChatPanel({ appointmentId, frame }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const { user, can } = useSession();
  const messages = useChatMessages(appointmentId);
  const send = useSendMessage(appointmentId);
  const remove = useDeleteMessage(appointmentId);
  const markRead = useMarkRead(appointmentId);
  // Whether the main pointer is a finger: a property of the device, read once.
  const [touch] = useState(() => Boolean(window.matchMedia?.("(pointer: coarse)").matches));
  const [text, setText] = useState("");
  const scroller = useRef<HTMLDivElement>(null);
  const lastSeen = useRef<number | null>(null);
  const markReadMutate = markRead.mutate;

  const list = messages.data ?? [];
  const lastId = list.length ? list[list.length - 1].id : null;

  // New messages: scroll to them and tell the server they were read.
  useEffect(() => {
    if (lastId === null || lastId === lastSeen.current) return;
    lastSeen.current = lastId;
    const node = scroller.current;
    if (node) node.scrollTop = node.scrollHeight;
    markReadMutate();
  }, [lastId, markReadMutate]);

  // Someone who sees the request but takes no part in it (a master browsing the queue) has no chat.
  if (messages.isError && isChatUnavailable(messages.error)) return null;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const value = text.trim();
    if (!value || send.isPending) return;
    send.mutate(value, {
      onSuccess: () => setText(""),
      onError: (error) => toast.error(errorMessage(error, t)),
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (touch) return;
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const nearLimit = text.length > MAX_LENGTH * 0.9;
  return frame(
    <Stack spacing={1} sx={{ height: "100%" }} data-testid="chat-panel">
      <Box
        ref={scroller}
        role="log"
        aria-live="polite"
        aria-label={t("chat.title")}
        tabIndex={0}
        sx={{ height: { xs: 360, md: 420 }, overflowY: "auto", bgcolor: "grey.50", borderRadius: 1, p: 1, border: 1, borderColor: "divider" }}
      >
        {messages.isPending && <LoadingState />}
        {messages.isError && <ErrorState error={messages.error} onRetry={() => void messages.refetch()} />}
        {messages.isSuccess && !list.length && <EmptyState title={t("chat.empty")} />}
        {list.map((message, index) => {
          const mine = message.sender?.id === user?.id;
          const deleted = isDeleted(message);
          const mayDelete = !deleted && (mine || can("chat.moderate"));
          const day = dayKey(message.created_at);
          const newDay = index === 0 || dayKey(list[index - 1].created_at) !== day;
          return (
            <Fragment key={message.id}>
              {newDay && (
                <Divider sx={{ my: 1, "&::before, &::after": { borderColor: "divider" } }} data-testid="chat-day">
                  <Typography variant="caption" color="text.secondary" component="h3" sx={{ fontWeight: 600 }}>
                    {formatDayLabel(message.created_at)}
                  </Typography>
                </Divider>
              )}
              <Box sx={{ display: "flex", justifyContent: mine ? "flex-end" : "flex-start", mb: 1 }} data-testid="chat-message">
                <Box
                  sx={{
                    maxWidth: "85%",
                    px: 1.5,
                    py: 1,
                    borderRadius: 2,
                    bgcolor: mine ? "primary.main" : "background.paper",
                    color: mine ? "primary.contrastText" : "text.primary",
                    border: mine ? 0 : 1,
                    borderColor: "divider",
                  }}
                >
                  {!mine && (
                    <Typography variant="caption" sx={{ fontWeight: 600, display: "block" }}>
                      {message.sender?.display_name ?? t("chat.system")}
                    </Typography>
                  )}
                  <Typography variant="body2" sx={{ whiteSpace: "pre-wrap", overflowWrap: "break-word", fontStyle: deleted ? "italic" : "normal" }}>
                    {deleted ? t("chat.deleted") : message.text}
                  </Typography>
                  {deleted && "original_text" in message && typeof message.original_text === "string" && message.original_text && (
                    <Typography variant="caption" sx={{ display: "block", overflowWrap: "break-word" }}>
                      {t("chat.originalText")}: {message.original_text}
                    </Typography>
                  )}
                  <Stack direction="row" sx={{ alignItems: "center", justifyContent: "flex-end", gap: 0.5 }}>
                    <Typography variant="caption" component="time" dateTime={message.created_at} sx={{ color: mine ? "inherit" : "text.secondary" }}>
                      {formatTime(message.created_at)}
                    </Typography>
                    {mayDelete && (
                      <IconButton
                        size="small"
                        color="inherit"
                        aria-label={t("chat.delete")}
                        onClick={() => remove.mutate(message.id, { onError: (error) => toast.error(errorMessage(error, t)) })}
                        sx={{ p: 0.25 }}
                      >
                        <DeleteOutlineIcon sx={{ fontSize: 16 }} />
                      </IconButton>
                    )}
                  </Stack>
                </Box>
              </Box>
            </Fragment>
          );
        })}
      </Box>
      <Stack component="form" direction="row" spacing={1} onSubmit={submit} sx={{ alignItems: "flex-end" }} data-testid="chat-form">
        <TextField
          label={t("chat.message")}
          name="message"
          value={text}
          onChange={(e) => setText(e.target.value.slice(0, MAX_LENGTH))}
          onKeyDown={onKeyDown}
          multiline
          maxRows={5}
          sx={{ flex: 1, minWidth: 0 }}
          slotProps={{ htmlInput: { enterKeyHint: touch ? "enter" : "send" } }}
        />
        <IconButton type="submit" color="primary" aria-label={t("chat.send")} disabled={!text.trim() || send.isPending} sx={{ flexShrink: 0, width: 44, height: 44 }}>
          <SendIcon />
        </IconButton>
      </Stack>
      {(nearLimit || !touch) && (
        <Typography variant="caption" color="text.secondary" sx={{ px: 1.5 }} data-testid="chat-hint">
          {nearLimit ? `${text.length}/${MAX_LENGTH}` : t("chat.enterToSend")}
        </Typography>
      )}
    </Stack>,
  );
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * A client of lttng-sessiond's notifications, as an application would
 * write one against liblttng-ctl (Debian's liblttng-ctl-dev): it
 * registers a trigger on lttng-test's kernel event with a filter and
 * three captures, subscribes to its condition, prints "ready", then one
 * line per notification with the captured values as liblttng-ctl
 * decodes them, until it has COUNT of them (or 60 s pass).
 *
 * usage: trigger_client COUNT FILTER
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <lttng/lttng.h>

static void print_value(const struct lttng_event_field_value *v)
{
	const char *s;
	uint64_t u;
	int64_t i;

	switch (lttng_event_field_value_get_type(v)) {
	case LTTNG_EVENT_FIELD_VALUE_TYPE_UNSIGNED_INT:
		lttng_event_field_value_unsigned_int_get_value(v, &u);
		printf(" u:%llu", (unsigned long long)u);
		break;
	case LTTNG_EVENT_FIELD_VALUE_TYPE_SIGNED_INT:
		lttng_event_field_value_signed_int_get_value(v, &i);
		printf(" s:%lld", (long long)i);
		break;
	case LTTNG_EVENT_FIELD_VALUE_TYPE_STRING:
		lttng_event_field_value_string_get_value(v, &s);
		printf(" str:%s", s);
		break;
	default:
		printf(" type:%d", lttng_event_field_value_get_type(v));
	}
}

int main(int argc, char **argv)
{
	struct lttng_notification_channel *ch;
	struct lttng_event_rule *rule;
	struct lttng_condition *cond;
	struct lttng_action *action;
	struct lttng_trigger *trigger;
	int count, got = 0;

	if (argc != 3)
		return 2;
	count = atoi(argv[1]);
	rule = lttng_event_rule_kernel_tracepoint_create();
	lttng_event_rule_kernel_tracepoint_set_name_pattern(rule, "lttng_test_filter_event");
	if (*argv[2])
		lttng_event_rule_kernel_tracepoint_set_filter(rule, argv[2]);
	cond = lttng_condition_event_rule_matches_create(rule);
	lttng_condition_event_rule_matches_append_capture_descriptor(cond,
		lttng_event_expr_event_payload_field_create("intfield"));
	lttng_condition_event_rule_matches_append_capture_descriptor(cond,
		lttng_event_expr_event_payload_field_create("stringfield"));
	lttng_condition_event_rule_matches_append_capture_descriptor(cond,
		lttng_event_expr_channel_context_field_create("procname"));
	action = lttng_action_notify_create();
	trigger = lttng_trigger_create(cond, action);
	if (lttng_register_trigger_with_name(trigger, "rt_client") != LTTNG_OK) {
		fprintf(stderr, "cannot register the trigger\n");
		return 1;
	}
	ch = lttng_notification_channel_create(lttng_session_daemon_notification_endpoint);
	if (!ch || lttng_notification_channel_subscribe(ch, cond) !=
		   LTTNG_NOTIFICATION_CHANNEL_STATUS_OK) {
		fprintf(stderr, "cannot subscribe\n");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	alarm(60);
	while (got < count) {
		const struct lttng_event_field_value *arr, *v;
		struct lttng_notification *n;
		unsigned int len, i;
		enum lttng_notification_channel_status st;

		st = lttng_notification_channel_get_next_notification(ch, &n);
		if (st == LTTNG_NOTIFICATION_CHANNEL_STATUS_NOTIFICATIONS_DROPPED) {
			printf("dropped\n");
			continue;
		}
		if (st != LTTNG_NOTIFICATION_CHANNEL_STATUS_OK)
			break;
		if (lttng_evaluation_event_rule_matches_get_captured_values(
			    lttng_notification_get_evaluation(n), &arr) !=
		    LTTNG_EVALUATION_EVENT_RULE_MATCHES_STATUS_OK) {
			printf("no captures\n");
		} else {
			printf("notification");
			lttng_event_field_value_array_get_length(arr, &len);
			for (i = 0; i < len; i++) {
				if (lttng_event_field_value_array_get_element_at_index(arr, i, &v) ==
				    LTTNG_EVENT_FIELD_VALUE_STATUS_OK)
					print_value(v);
				else
					printf(" unavailable");
			}
			printf("\n");
		}
		fflush(stdout);
		lttng_notification_destroy(n);
		got++;
	}
	lttng_unregister_trigger(trigger);
	lttng_notification_channel_destroy(ch);
	lttng_trigger_destroy(trigger);
	lttng_action_destroy(action);
	lttng_condition_destroy(cond);
	lttng_event_rule_destroy(rule);
	return got == count ? 0 : 1;
}

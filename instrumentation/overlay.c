// SPDX-License-Identifier: GPL-2.0-only
/*
 * LTTng's layout of the events it defines (doc/lttng-abi.md, section 5),
 * over the events generated from the kernel's headers: the event name
 * where LTTng renames it, and the fields LTTng records, in its order, each
 * taken from a field of the kernel's TRACE_EVENT:
 *
 *   name		the kernel's field as it is
 *   name>new		renamed (ftrace's pid is LTTng's tid)
 *   name-100		an integer plus a constant (prio - MAX_RT_PRIO)
 *   name:4		an integer narrowed to 4 bytes (gfp_t)
 *   name:x		an integer shown in hexadecimal (an address)
 *   name~		ftrace's rwbs text as LTTng's rwbs bitmask
 *   @tid		the current thread's id
 *   name?		only if the kernel's event has it (sched_stat_runtime's
 *			vruntime, which newer kernels dropped, as lttng-modules
 *			does for them)
 *
 * Kernel fields not listed are left out.  "-" marks an event whose probe
 * is hand-written (instrumentation/sched.c) because LTTng records what the
 * tracepoint's TRACE_EVENT does not (sched_process_fork's namespaces).
 * Events not listed keep the kernel's name and fields.
 */
#include <linux/sched/prio.h>
#include <linux/string.h>
#include <ringtail/instrumentation.h>

#define PRIO(f)		#f "-" __stringify(MAX_RT_PRIO)

static const struct rt_overlay rt_overlays[] = {
	/* 5.2 sched */
	{ "sched_switch", NULL, "prev_comm prev_pid>prev_tid " PRIO(prev_prio)
	  " prev_state next_comm next_pid>next_tid " PRIO(next_prio) },
	{ "sched_waking", NULL, "comm pid>tid " PRIO(prio) " target_cpu" },
	{ "sched_wakeup", NULL, "comm pid>tid " PRIO(prio) " target_cpu" },
	{ "sched_wakeup_new", NULL, "comm pid>tid " PRIO(prio) " target_cpu" },
	{ "sched_migrate_task", NULL,
	  "comm pid>tid " PRIO(prio) " orig_cpu dest_cpu" },
	{ "sched_process_fork", NULL, "-" },
	{ "sched_process_exec", NULL, "filename pid>tid old_pid>old_tid" },
	{ "sched_process_exit", NULL, "comm pid>tid " PRIO(prio) },
	{ "sched_process_free", NULL, "comm pid>tid " PRIO(prio) },
	{ "sched_wait_task", NULL, "comm pid>tid " PRIO(prio) },
	{ "sched_process_wait", NULL, "comm pid>tid " PRIO(prio) },
	{ "sched_stat_wait", NULL, "comm pid>tid delay" },
	{ "sched_stat_sleep", NULL, "comm pid>tid delay" },
	{ "sched_stat_iowait", NULL, "comm pid>tid delay" },
	{ "sched_stat_blocked", NULL, "comm pid>tid delay" },
	{ "sched_stat_runtime", NULL, "comm pid>tid runtime vruntime?" },
	{ "sched_pi_setprio", NULL,
	  "comm pid>tid " PRIO(oldprio) " " PRIO(newprio) },
	{ "sched_kthread_stop", NULL, "comm pid>tid" },
	/* 5.3 irq */
	{ "softirq_entry", "irq_softirq_entry" },
	{ "softirq_exit", "irq_softirq_exit" },
	{ "softirq_raise", "irq_softirq_raise" },
	/* 5.4 timer */
	{ "hrtimer_init", "timer_hrtimer_init" },
	{ "hrtimer_start", "timer_hrtimer_start" },
	{ "hrtimer_expire_entry", "timer_hrtimer_expire_entry" },
	{ "hrtimer_expire_exit", "timer_hrtimer_expire_exit" },
	{ "hrtimer_cancel", "timer_hrtimer_cancel" },
	{ "itimer_state", "timer_itimer_state" },
	{ "itimer_expire", "timer_itimer_expire" },
	/* 5.5 block */
	{ "block_rq_issue", NULL, "dev sector nr_sector bytes @tid rwbs~ comm" },
	{ "block_rq_insert", NULL, "dev sector nr_sector bytes @tid rwbs~ comm" },
	{ "block_rq_merge", NULL, "dev sector nr_sector bytes @tid rwbs~ comm" },
	{ "block_rq_requeue", NULL, "dev sector nr_sector rwbs~" },
	{ "block_rq_complete", NULL, "dev sector nr_sector error rwbs~" },
	/* 5.6 net (without LTTng's decoded network headers) */
	{ "net_dev_xmit", NULL, "skbaddr rc len name" },
	{ "netif_receive_skb", "net_if_receive_skb" },
	{ "netif_rx", "net_if_rx" },
	{ "napi_gro_frags_entry", "net_napi_gro_frags_entry", "skbaddr" },
	{ "napi_gro_frags_exit", "net_napi_gro_frags_exit" },
	{ "napi_gro_receive_entry", "net_napi_gro_receive_entry", "skbaddr" },
	{ "napi_gro_receive_exit", "net_napi_gro_receive_exit" },
	{ "netif_receive_skb_entry", "net_if_receive_skb_entry", "skbaddr" },
	{ "netif_receive_skb_exit", "net_if_receive_skb_exit" },
	{ "netif_rx_entry", "net_if_rx_entry", "skbaddr" },
	{ "netif_rx_exit", "net_if_rx_exit" },
	{ "netif_receive_skb_list_entry", "net_if_receive_skb_list_entry", "skbaddr" },
	{ "netif_receive_skb_list_exit", "net_if_receive_skb_list_exit" },
	/* 5.7 kmem */
	{ "kmalloc", "kmem_kmalloc",
	  "call_site:x ptr bytes_req bytes_alloc gfp_flags:4 node" },
	{ "kmem_cache_alloc", NULL, "call_site:x ptr bytes_req bytes_alloc "
	  "gfp_flags:4 node accounted" },
	{ "kfree", "kmem_kfree", "call_site:x ptr" },
	{ "kmem_cache_free", NULL, "call_site:x ptr name" },
	/* (ftrace records no struct page pointer, only its pfn) */
	{ "mm_page_alloc", "kmem_mm_page_alloc", "pfn order gfp_flags:4 migratetype" },
	{ "mm_page_free", "kmem_mm_page_free" },
	{ "mm_page_free_batched", "kmem_mm_page_free_batched" },
};

const struct rt_overlay *rt_overlay_find(const char *tp)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rt_overlays); i++)
		if (!strcmp(tp, rt_overlays[i].tp))
			return &rt_overlays[i];
	return NULL;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stream files: one ring buffer (a CPU's, or a metadata channel's) as
 * lttng-consumerd reads it (doc/lttng-abi.md, sections 2.2 and 3): ioctls,
 * mmap of the whole buffer read-only, splice of the held packet, poll.  A
 * stream file holds a reference on its ring buffer channel, so it outlives
 * the session; the module is pinned by the file's fops.  A metadata
 * stream first has the metadata client copy new text into the buffer
 * (metadata/cache.c) where LTTng's metadata stream semantics say so.
 */
#include <linux/compat.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pipe_fs_i.h>
#include <linux/poll.h>
#include <linux/splice.h>
#include <linux/uaccess.h>
#include <linux/slab.h>
#include <ringtail/abi.h>
#include <ringtail/file.h>
#include <ringtail/metadata.h>
#include <ringtail/ringbuffer.h>

struct rt_stream {
	struct rt_rb_buf *buf;
	u64 stream_id;			/* GET_STREAM_ID */
	bool metadata;
};

/* The metadata stream's ioctls; -ENOIOCTLCMD for the generic ones. */
static long rt_metadata_stream_ioctl(struct rt_rb_buf *buf, unsigned int cmd,
				     unsigned long arg)
{
	long ret;

	switch (cmd) {
	case RT_ABI_RB_GET_NEXT_SUBBUF:
		rt_metadata_fill(buf);
		return rt_rb_get_next_subbuf(buf);
	case RT_ABI_RB_GET_NEXT_SUBBUF_METADATA_CHECK:
		rt_metadata_fill(buf);
		ret = rt_rb_get_next_subbuf(buf);
		if (ret)
			return ret;
		/* tools pass a bool: store one byte. */
		if (put_user((u8)rt_metadata_coherent(buf), (u8 __user *)arg)) {
			rt_rb_put_subbuf(buf, false);
			return -EFAULT;
		}
		return 0;
	case RT_ABI_RB_PUT_NEXT_SUBBUF:
		ret = rt_rb_put_subbuf(buf, true);
		if (!ret)
			rt_metadata_consumed(buf);
		return ret;
	case RT_ABI_RB_FLUSH:
	case RT_ABI_RB_FLUSH_EMPTY:
		rt_metadata_fill(buf);
		rt_rb_switch_local(buf, false);
		return 0;
	case RT_ABI_RB_GET_METADATA_VERSION:
		return put_user(rt_metadata_version(buf), (u64 __user *)arg);
	case RT_ABI_RB_METADATA_CACHE_DUMP:
		return rt_metadata_dump(buf);
	case RT_ABI_RB_FLUSH_OR_POPULATE_PACKET:
		/* Metadata packets come from the cache: none is ever empty. */
		return -ENOTTY;
	default:
		return -ENOIOCTLCMD;
	}
}

static long rt_rb_stream_ioctl_locked(struct rt_stream *st, unsigned int cmd,
				      unsigned long arg)
{
	struct rt_rb_buf *buf = st->buf;
	const struct rt_rb_packet *pkt = rt_rb_held(buf);
	unsigned long __user *ulp = (unsigned long __user *)arg;
	u64 __user *u64p = (u64 __user *)arg;
	unsigned long pos;

	switch (cmd) {
	case RT_ABI_RB_SNAPSHOT:
		return rt_rb_snapshot(buf, false);
	case RT_ABI_RB_SNAPSHOT_SAMPLE_POSITIONS:
		return rt_rb_snapshot(buf, true);
	case RT_ABI_RB_SNAPSHOT_GET_CONSUMED:
		return put_user(buf->snap_consumed, ulp);
	case RT_ABI_RB_SNAPSHOT_GET_PRODUCED:
		return put_user(buf->snap_produced, ulp);
	case RT_ABI_RB_GET_SUBBUF:
		if (get_user(pos, ulp))
			return -EFAULT;
		return rt_rb_get_subbuf(buf, pos);
	case RT_ABI_RB_PUT_SUBBUF:
		return rt_rb_put_subbuf(buf, false);
	case RT_ABI_RB_GET_NEXT_SUBBUF:
		return rt_rb_get_next_subbuf(buf);
	case RT_ABI_RB_PUT_NEXT_SUBBUF:
		return rt_rb_put_subbuf(buf, true);
	case RT_ABI_RB_CLEAR:
		return rt_rb_clear(buf);
	case RT_ABI_RB_GET_MAX_SUBBUF_SIZE:
		return put_user(rt_rb_sb_size(buf->chan), ulp);
	case RT_ABI_RB_GET_MMAP_LEN:
		return put_user(rt_rb_mmap_len(buf->chan), ulp);
	case RT_ABI_RB_GET_STREAM_ID:
		return put_user(st->stream_id, u64p);
	case RT_ABI_RB_INSTANCE_ID:
		return put_user((u64)buf->cpu, u64p);
	case RT_ABI_RB_GET_CURRENT_TIMESTAMP:
		return put_user(rt_clock_read(), u64p);
	}

	/* The rest describe the held packet. */
	switch (cmd) {
	case RT_ABI_RB_GET_SUBBUF_SIZE:
	case RT_ABI_RB_GET_PADDED_SUBBUF_SIZE:
	case RT_ABI_RB_GET_MMAP_READ_OFFSET:
	case RT_ABI_RB_GET_TIMESTAMP_BEGIN:
	case RT_ABI_RB_GET_TIMESTAMP_END:
	case RT_ABI_RB_GET_EVENTS_DISCARDED:
	case RT_ABI_RB_GET_CONTENT_SIZE:
	case RT_ABI_RB_GET_PACKET_SIZE:
	case RT_ABI_RB_GET_SEQ_NUM:
		if (!pkt)
			return -EINVAL;
		break;
	default:
		return -ENOIOCTLCMD;
	}
	switch (cmd) {
	case RT_ABI_RB_GET_SUBBUF_SIZE:
		return put_user(pkt->content_size, ulp);
	case RT_ABI_RB_GET_PADDED_SUBBUF_SIZE:
		return put_user(PAGE_ALIGN(pkt->content_size), ulp);
	case RT_ABI_RB_GET_MMAP_READ_OFFSET:
		return put_user(buf->held_phys << buf->chan->sb_shift, ulp);
	case RT_ABI_RB_GET_TIMESTAMP_BEGIN:
		return put_user(pkt->ts_begin, u64p);
	case RT_ABI_RB_GET_TIMESTAMP_END:
		return put_user(pkt->ts_end, u64p);
	case RT_ABI_RB_GET_EVENTS_DISCARDED:
		return put_user(pkt->discarded, u64p);
	case RT_ABI_RB_GET_CONTENT_SIZE:
		return put_user((u64)pkt->content_size * 8, u64p);
	case RT_ABI_RB_GET_PACKET_SIZE:
		return put_user((u64)PAGE_ALIGN(pkt->content_size) * 8, u64p);
	default: /* RT_ABI_RB_GET_SEQ_NUM */
		return put_user((u64)pkt->seq, u64p);
	}
}

/*
 * FLUSH_OR_POPULATE_PACKET, for snapshots (lttng-consumerd 2.14 and later).
 * The user buffer is checked before the flush; a fault while copying the
 * populated packet out only loses that packet, which the ring buffer never
 * held.
 */
static long rt_rb_stream_flush_or_populate(struct rt_rb_buf *buf,
					   void __user *uarg)
{
	struct rt_abi_rb_flush_or_populate args;
	size_t len = buf->chan->cfg.client->header_size;
	size_t padded = PAGE_ALIGN(len);
	void __user *packet;
	void *header;
	int ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	packet = u64_to_user_ptr(args.packet);
	if (!access_ok(packet, padded))
		return -EFAULT;
	header = kzalloc(len, GFP_KERNEL);
	if (!header)
		return -ENOMEM;
	ret = rt_rb_flush_or_populate(buf, header);
	args.flush_done = 1;
	args.packet_populated = ret == 1;
	args.packet_length = ret == 1 ? len : 0;
	args.packet_length_padded = ret == 1 ? padded : 0;
	if (ret == 1 && (copy_to_user(packet, header, len) ||
			 clear_user(packet + len, padded - len)))
		ret = -EFAULT;
	kfree(header);
	if (ret < 0)
		return ret;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

static long rt_rb_stream_ioctl(struct file *file, unsigned int cmd,
			       unsigned long arg)
{
	struct rt_stream *st = file->private_data;
	struct rt_rb_buf *buf = st->buf;
	long ret;

	if (st->metadata) {
		mutex_lock(&buf->reader_lock);
		ret = rt_metadata_stream_ioctl(buf, cmd, arg);
		mutex_unlock(&buf->reader_lock);
		if (ret != -ENOIOCTLCMD)
			return ret;
	}
	/* Writer-side operations: no reader state involved. */
	if (cmd == RT_ABI_RB_FLUSH)
		return rt_rb_flush(buf, false);
	if (cmd == RT_ABI_RB_FLUSH_OR_POPULATE_PACKET)
		return rt_rb_stream_flush_or_populate(buf, (void __user *)arg);
	if (cmd == RT_ABI_RB_FLUSH_EMPTY) {
		/*
		 * Succeeds even when a full discard buffer has no room for the
		 * empty packet, as lttng-modules' does: lttng-consumerd takes a
		 * failure for a tracer without FLUSH_EMPTY, and a snapshot then
		 * skips the stream, so a full buffer would never be saved again.
		 */
		rt_rb_flush(buf, true);
		return 0;
	}

	mutex_lock(&buf->reader_lock);
	ret = rt_rb_stream_ioctl_locked(st, cmd, arg);
	mutex_unlock(&buf->reader_lock);
	return ret;
}

#ifdef CONFIG_COMPAT
static long rt_rb_stream_compat_ioctl(struct file *file, unsigned int cmd,
				      unsigned long arg)
{
	return rt_rb_stream_ioctl(file, cmd, (unsigned long)compat_ptr(arg));
}
#endif

static __poll_t rt_rb_stream_poll(struct file *file, poll_table *wait)
{
	struct rt_stream *st = file->private_data;
	struct rt_rb_buf *buf = st->buf;

	poll_wait(file, &buf->read_wait, wait);
	if (st->metadata)
		return rt_metadata_poll(buf, file, wait);
	return rt_rb_poll_mask(buf);
}

static vm_fault_t rt_rb_vm_fault(struct vm_fault *vmf)
{
	struct rt_rb_buf *buf = vmf->vma->vm_private_data;


	if (vmf->pgoff >= buf->nr_pages)
		return VM_FAULT_SIGBUS;
	vmf->page = buf->pages[vmf->pgoff];
	get_page(vmf->page);
	return 0;
}

static const struct vm_operations_struct rt_rb_vm_ops = {
	.fault = rt_rb_vm_fault,
};

/*
 * The whole buffer, read-only, exactly GET_MMAP_LEN bytes from offset 0.
 * Stream files are opened read-only, so a shared mapping can never be made
 * writable (mmap clears VM_MAYWRITE); a private one only ever gets copies.
 * Faults past the buffer (after mremap) get SIGBUS.
 */
static int rt_rb_stream_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct rt_stream *st = file->private_data;
	struct rt_rb_buf *buf = st->buf;

	if (vma->vm_pgoff || vma->vm_end - vma->vm_start != rt_rb_mmap_len(buf->chan))
		return -EINVAL;
	if (vma->vm_flags & VM_WRITE)
		return -EPERM;
	vma->vm_ops = &rt_rb_vm_ops;
	vma->vm_private_data = buf;
	return 0;
}

static void rt_rb_spd_release(struct splice_pipe_desc *spd, unsigned int i)
{
	put_page(spd->pages[i]);
}

/*
 * Hand the held packet's pages to a pipe, from *ppos (an offset in the
 * packet) up to its padded size.  The pages are only referenced: the
 * reader must drain the pipe before it releases the packet.  The pipe
 * buffers may outlive the stream and this module (nothing pins it once
 * the stream file is closed), so their operations are the kernel's own
 * (plain page references, not stealable), never a table in this module.
 */
static ssize_t rt_rb_stream_splice_read(struct file *file, loff_t *ppos,
					struct pipe_inode_info *pipe,
					size_t len, unsigned int flags)
{
	struct rt_stream *st = file->private_data;
	struct rt_rb_buf *buf = st->buf;
	struct page *pages[PIPE_DEF_BUFFERS];
	struct partial_page partial[PIPE_DEF_BUFFERS];
	struct splice_pipe_desc spd = {
		.pages = pages,
		.partial = partial,
		.nr_pages_max = PIPE_DEF_BUFFERS,
		.ops = &nosteal_pipe_buf_ops,
		.spd_release = rt_rb_spd_release,
	};
	unsigned long padded, first;
	loff_t off = *ppos;
	ssize_t ret;

	if ((off | len) & ~PAGE_MASK)
		return -EINVAL;
	mutex_lock(&buf->reader_lock);
	if (!buf->held) {
		ret = -EINVAL;
		goto out;
	}
	padded = PAGE_ALIGN(buf->pkt[buf->held_phys].content_size);
	if (off >= padded) {
		ret = 0;
		goto out;
	}
	len = min_t(size_t, len, padded - off);
	first = ((buf->held_phys << buf->chan->sb_shift) + off) >> PAGE_SHIFT;
	while (len && spd.nr_pages < PIPE_DEF_BUFFERS) {
		pages[spd.nr_pages] = buf->pages[first + spd.nr_pages];
		get_page(pages[spd.nr_pages]);
		partial[spd.nr_pages].offset = 0;
		partial[spd.nr_pages].len = PAGE_SIZE;
		spd.nr_pages++;
		len -= PAGE_SIZE;
	}
	ret = splice_to_pipe(pipe, &spd);
	if (ret > 0)
		*ppos += ret;
out:
	mutex_unlock(&buf->reader_lock);
	return ret;
}

static int rt_rb_stream_release(struct inode *inode, struct file *file)
{
	struct rt_stream *st = file->private_data;
	struct rt_rb_buf *buf = st->buf;

	mutex_lock(&buf->reader_lock);
	if (buf->held)
		rt_rb_put_subbuf(buf, false);
	mutex_unlock(&buf->reader_lock);
	atomic_set(&buf->reader_open, 0);
	rt_rb_chan_put(buf->chan);
	kfree(st);
	return 0;
}

static const struct file_operations rt_rb_stream_fops = {
	.owner = THIS_MODULE,
	.release = rt_rb_stream_release,
	.poll = rt_rb_stream_poll,
	.unlocked_ioctl = rt_rb_stream_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl = rt_rb_stream_compat_ioctl,
#endif
	.mmap = rt_rb_stream_mmap,
	.splice_read = rt_rb_stream_splice_read,
	.llseek = noop_llseek,
};

/*
 * A new fd reading buffer @i of @chan (the metadata stream's, with
 * @metadata), whose packets belong to CTF stream @stream_id; -EBUSY if the
 * buffer has a reader.
 */
int rt_stream_fd(struct rt_rb_chan *chan, unsigned int i, u64 stream_id,
		 bool metadata)
{
	struct rt_stream *st;
	struct file *file;
	int fd;

	if (i >= chan->nr_bufs || !chan->bufs[i])
		return -EINVAL;
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->buf = chan->bufs[i];
	st->stream_id = stream_id;
	st->metadata = metadata;
	if (atomic_cmpxchg(&st->buf->reader_open, 0, 1)) {
		kfree(st);
		return -EBUSY;
	}
	file = rt_anon_file("[lttng_stream]", &rt_rb_stream_fops, st, O_RDONLY, &fd);
	if (IS_ERR(file)) {
		atomic_set(&st->buf->reader_open, 0);
		kfree(st);
		return PTR_ERR(file);
	}
	/* consumerd splices with an explicit offset. */
	file->f_mode |= FMODE_PREAD;
	kref_get(&chan->ref);
	fd_install(fd, file);
	return fd;
}
EXPORT_SYMBOL_GPL(rt_stream_fd);

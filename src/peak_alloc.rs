//! Test builds only: an allocator that counts the bytes each thread holds, so a test can pin how
//! much memory an operation needs. A per-character table on a line of megabytes, allocated
//! afresh at every step, showed up as time (page faults) long before it showed up as
//! instructions; a bound on the peak is what catches it again.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    // Const-initialised cells without destructors: touching them never allocates.
    static HELD: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn grow(by: isize) {
    // `try_with`: the locals are gone while a thread is torn down.
    let _ = HELD.try_with(|held| {
        let now = held.get() + by;
        held.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

// SAFETY: every call is passed on to the system allocator unchanged; only counters move.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is passed on as is.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grow(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` or `realloc` above, i.e. from `System`.
        unsafe { System.dealloc(ptr, layout) };
        grow(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`; the caller's contract for `realloc` is passed on.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            grow(new_size as isize - layout.size() as isize);
        }
        new
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// What `f` returns, and the most bytes the current thread held at once while it ran beyond
/// what it held before (what `f` returns included). Other test threads do not count.
pub(crate) fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = HELD.with(Cell::get);
    PEAK.with(|peak| peak.set(base));
    let out = f();
    let peak = PEAK.with(Cell::get);
    (out, (peak - base).max(0) as usize)
}

/// News prose of about `len` bytes in hard-wrapped lines of about 70 characters, with a run of
/// spaces now and then and a blank line between paragraphs: a change every few dozen bytes,
/// as OCR text has (the same shape as `benches/memory.sh`'s document).
pub(crate) fn wrapped_prose(len: usize) -> String {
    let words: Vec<&str> = [
        include_str!("../samples/expected/lighthouse-feature.txt"),
        include_str!("../samples/expected/council-vote.txt"),
    ]
    .iter()
    .flat_map(|t| t.split_whitespace())
    .collect();
    let mut seed: u64 = 7;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let (mut out, mut line, mut i) = (String::with_capacity(len + 100), 0, 0);
    while out.len() < len {
        let word = words[i % words.len()];
        i += 1 + next(3) as usize;
        out.push_str(word);
        line += word.len();
        if line > 70 {
            out.push('\n');
            line = 0;
            if next(6) == 0 {
                out.push('\n');
            }
        } else {
            out.push_str(if next(15) == 0 { "  " } else { " " });
            line += 1;
        }
    }
    out
}

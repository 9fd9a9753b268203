//! Thread pools for the work done with the GIL released, one per number of threads and per
//! process.
//!
//! Engines fork their workers (Spark's daemon, datatrove's local executor): a pool made before a
//! fork has no threads in the child, and work sent to it would wait forever. A pool is therefore
//! looked up by the process id as well, and a forked child builds its own. rayon's global pool
//! cannot be rebuilt, so it is never used.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use pyo3::PyResult;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use rayon::ThreadPool;

type Pools = HashMap<(u32, usize), Arc<ThreadPool>>;

static POOLS: Mutex<Option<Pools>> = Mutex::new(None);

/// The pool of `threads` threads of this process (`None`: as many as the machine has cores).
pub fn get(threads: Option<usize>) -> PyResult<Arc<ThreadPool>> {
    let threads = match threads {
        Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let key = (std::process::id(), threads);
    // A poisoned lock only means a thread panicked while inserting: the map is still usable.
    let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(pool) = pools.get_or_insert_default().get(&key) {
        return Ok(pool.clone());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("ocrclean-{i}"))
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start {threads} threads: {e}")))?;
    let pool = Arc::new(pool);
    pools.get_or_insert_default().insert(key, pool.clone());
    Ok(pool)
}

namespace Clipper.QueryFrontend.Batching;

internal sealed partial class DeadlineQueue<T>
{
    /// <summary>
    /// An intrusive FIFO of waiters, guarded by the queue lock: O(1) at both ends and for the
    /// removal a cancellation needs, with no node allocation.
    /// </summary>
    private struct WaiterList
    {
        private Waiter? _first;
        private Waiter? _last;

        public readonly bool IsEmpty => _first is null;

        public void AddLast(Waiter waiter)
        {
            waiter.State = WaiterState.Idle;
            waiter.Next = null;
            waiter.Previous = _last;
            if (_last is null)
            {
                _first = waiter;
            }
            else
            {
                _last.Next = waiter;
            }

            _last = waiter;
        }

        public void AddFirst(Waiter waiter)
        {
            waiter.State = WaiterState.Idle;
            waiter.Previous = null;
            waiter.Next = _first;
            if (_first is null)
            {
                _last = waiter;
            }
            else
            {
                _first.Previous = waiter;
            }

            _first = waiter;
        }

        public Waiter? RemoveFirst()
        {
            Waiter? waiter = _first;
            if (waiter is not null)
            {
                Remove(waiter);
            }

            return waiter;
        }

        public void Remove(Waiter waiter)
        {
            if (waiter.Previous is null)
            {
                _first = waiter.Next;
            }
            else
            {
                waiter.Previous.Next = waiter.Next;
            }

            if (waiter.Next is null)
            {
                _last = waiter.Previous;
            }
            else
            {
                waiter.Next.Previous = waiter.Previous;
            }

            waiter.Next = null;
            waiter.Previous = null;
            waiter.State = WaiterState.None;
        }
    }
}


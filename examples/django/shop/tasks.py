from celery import shared_task
from django.utils import timezone

from .models import Order


@shared_task
def process_order(order_id):
    """The asynchronous part of an order (payment capture, e-mail, ...): marks it processed."""
    Order.objects.filter(pk=order_id, status=Order.PENDING).update(
        status=Order.PROCESSED, processed_at=timezone.now()
    )

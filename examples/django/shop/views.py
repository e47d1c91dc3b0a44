"""
The shop's API (Django REST framework, token auth). The order view is the one that matters:
one transaction, the products locked with SELECT ... FOR UPDATE in id order, the stock checked
and decremented, the cart emptied, and the Celery task queued once the transaction commits.
SHOP_RACY_ORDERS=1 removes the lock and widens the read-modify-write window: a lost update that
oversells, which the load gate must catch.
"""
import logging
import time

from django.conf import settings
from django.db import connection, transaction
from django.http import JsonResponse
from django.db.models import Count, Sum
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import CartItem, Order, OrderItem, Product
from .tasks import process_order

log = logging.getLogger(__name__)


def health(request):
    """200 once the database answers (the gate's ready-path)."""
    connection.ensure_connection()
    return JsonResponse({"ok": True})


def product_json(p):
    return {"id": p.id, "name": p.name, "price_cents": p.price_cents, "stock": p.stock}


class ProductList(APIView):
    def get(self, request):
        qs = Product.objects.order_by("id")
        if request.query_params.get("in_stock") == "1":
            qs = qs.filter(stock__gt=0)
        results = [product_json(p) for p in qs]
        return Response({"count": len(results), "results": results})


class CartView(APIView):
    def delete(self, request):
        CartItem.objects.filter(user=request.user).delete()
        return Response(status=204)


class CartItems(APIView):
    def post(self, request):
        try:
            product_id = int(request.data.get("product_id"))
            quantity = int(request.data.get("quantity", 1))
        except (TypeError, ValueError):
            return Response({"detail": "product_id and quantity must be integers"}, status=400)
        if quantity < 1:
            return Response({"detail": "quantity must be at least 1"}, status=400)
        product = Product.objects.filter(pk=product_id).first()
        if product is None:
            return Response({"detail": "no such product"}, status=404)
        line = CartItem.objects.filter(user=request.user, product=product).first()
        wanted = quantity + (line.quantity if line else 0)
        if product.stock < wanted:  # a hint only: the order view decides under a lock
            return Response({"detail": "out of stock"}, status=409)
        if line:
            line.quantity = wanted
            line.save(update_fields=["quantity"])
        else:
            CartItem.objects.create(user=request.user, product=product, quantity=quantity)
        return Response({"product_id": product.id, "quantity": wanted}, status=201)


class Refused(Exception):
    pass


def order_json(order, items):
    return {
        "id": order.id,
        "status": order.status,
        "created_at": order.created_at.isoformat(),
        "processed_at": order.processed_at.isoformat() if order.processed_at else None,
        "items": [{"product_id": i.product_id, "quantity": i.quantity} for i in items],
    }


def queue_processing(order_id):
    try:
        process_order.delay(order_id)
    except Exception:  # the order stands; a sweeper would pick it up
        log.exception("could not queue order %s", order_id)


class OrderCreate(APIView):
    def post(self, request):
        try:
            with transaction.atomic():
                lines = list(CartItem.objects.filter(user=request.user).order_by("product_id"))
                if not lines:
                    return Response({"detail": "the cart is empty"}, status=400)
                ids = [line.product_id for line in lines]
                products = Product.objects.filter(pk__in=ids).order_by("id")
                if not settings.SHOP_RACY_ORDERS:
                    products = products.select_for_update()
                by_id = {p.id: p for p in products}
                for line in lines:
                    if by_id[line.product_id].stock < line.quantity:
                        raise Refused()
                if settings.SHOP_RACY_ORDERS:
                    time.sleep(0.05)  # the bug: others read the same stock meanwhile
                for line in lines:
                    product = by_id[line.product_id]
                    product.stock -= line.quantity
                    product.save(update_fields=["stock"])
                order = Order.objects.create(user=request.user)
                items = OrderItem.objects.bulk_create(
                    [OrderItem(order=order, product_id=l.product_id, quantity=l.quantity) for l in lines]
                )
                CartItem.objects.filter(user=request.user).delete()
                transaction.on_commit(lambda: queue_processing(order.id))
        except Refused:
            # The cart is kept (rolled back): the client may change it or empty it (DELETE /api/cart/).
            return Response({"detail": "insufficient stock"}, status=409)
        return Response(order_json(order, items), status=201)


class OrderDetail(APIView):
    def get(self, request, pk):
        order = Order.objects.filter(pk=pk, user=request.user).first()
        if order is None:
            return Response({"detail": "not found"}, status=404)
        return Response(order_json(order, order.items.order_by("id")))


class AdminView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        token = settings.SHOP_ADMIN_TOKEN
        if not token or request.headers.get("X-Admin-Token") != token:
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied("admin token required")


class Inventory(AdminView):
    def get(self, request):
        return Response({"products": [{"id": p.id, "stock": p.stock} for p in Product.objects.order_by("id")]})


class Stats(AdminView):
    """The shop's own statistics: what the load gate's ledger is compared with."""

    def get(self, request):
        by_status = {row["status"]: row["n"] for row in Order.objects.values("status").annotate(n=Count("id"))}
        units = OrderItem.objects.aggregate(units=Sum("quantity"))["units"] or 0
        return Response({"orders": sum(by_status.values()), "units_sold": units, "by_status": by_status})
